package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogShipperTest {
  @TempDir
  Path dir;

  private static void append(Path p, String text) throws Exception {
    Files.writeString(p, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void shipsWholeSpoolLinesAsJsonFileRecords() throws Exception {
    Path spool = dir.resolve("spool.log");
    Path json = dir.resolve("c-json.log");
    append(spool, "2026-11-25T05:59:31.260635993+00:00 stdout F hello\n"
        + "2026-11-25T05:59:32.000000000+00:00 stderr P par\n"
        + "2026-11-25T05:59:33.000000000+00:00 stdout F unfini");
    LogShipper shipper = new LogShipper(spool, dir.resolve("offset"), new JsonFileLog(json, -1, 1));
    shipper.stop();

    assertThat(Files.readString(json)).isEqualTo(
        "{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T05:59:31.260635993Z\"}\n"
            + "{\"log\":\"par\",\"stream\":\"stderr\",\"time\":\"2026-11-25T05:59:32Z\"}\n");
  }

  @Test
  void aNewShipperGoesOnWhereTheLastOneStopped() throws Exception {
    Path spool = dir.resolve("spool.log");
    Path json = dir.resolve("c-json.log");
    append(spool, "2026-11-25T05:59:31.000000000+00:00 stdout F one\n");
    new LogShipper(spool, dir.resolve("offset"), new JsonFileLog(json, -1, 1)).stop();
    append(spool, "2026-11-25T05:59:32.000000000+00:00 stdout F two\n");
    new LogShipper(spool, dir.resolve("offset"), new JsonFileLog(json, -1, 1)).stop();

    assertThat(Files.readAllLines(json)).hasSize(2);
    assertThat(Files.readAllLines(json).get(1)).contains("\"log\":\"two\\n\"");
  }

  @Test
  void rotatesPastMaxSizeKeepingMaxFiles() throws Exception {
    Path spool = dir.resolve("spool.log");
    Path json = dir.resolve("c-json.log");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      lines.append("2026-11-25T05:59:31.000000000+00:00 stdout F line ").append(i).append('\n');
    }
    append(spool, lines.toString());
    new LogShipper(spool, dir.resolve("offset"), new JsonFileLog(json, 1000, 3)).stop();

    assertThat(JsonFileLog.files(json)).hasSize(3);
    for (Path p : JsonFileLog.files(json)) {
      assertThat(Files.size(p)).isLessThanOrEqualTo(1000);
    }
    assertThat(Files.readString(json, StandardCharsets.UTF_8)).contains("line 49");
  }
}
