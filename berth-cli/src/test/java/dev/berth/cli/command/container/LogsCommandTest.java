package dev.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import dev.berth.cli.Main;
import dev.berth.cli.testing.FakeDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {
  @TempDir Path dir;

  @Test
  void demultiplexesChunkedFramesSplitAcrossChunks() throws Exception {
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    frames.write(StreamFrames.frame(StreamType.STDOUT, "line1\n".getBytes(), 0, 6));
    frames.write(StreamFrames.frame(StreamType.STDERR, "bad\n".getBytes(), 0, 4));
    byte[] all = frames.toByteArray();
    FakeDaemon.Handler h = (req, o, in) -> {
      if (req.target().endsWith("/json")) {
        o.write(FakeDaemon.json(200, "{\"Config\":{\"Tty\":false}}").getBytes());
        return;
      }
      o.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
      // chunk boundaries fall inside a frame header and inside a payload
      int[] cuts = {0, 3, 10, all.length};
      for (int i = 0; i + 1 < cuts.length; i++) {
        int n = cuts[i + 1] - cuts[i];
        o.write((Integer.toHexString(n) + "\r\n").getBytes());
        o.write(all, cuts[i], n);
        o.write("\r\n".getBytes());
        o.flush();
      }
      o.write("0\r\n\r\n".getBytes());
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (FakeDaemon d = new FakeDaemon(dir, h)) {
      int code = Main.run(List.of("logs", "-f", "--tail", "10", "web"), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), Map.of("BERTH_HOST", d.uri()));
      assertThat(code).isZero();
      assertThat(out.toString()).isEqualTo("line1\n");
      assertThat(err.toString()).isEqualTo("bad\n");
      assertThat(d.requests.get(1).target()).isEqualTo("/v1.51/containers/web/logs?stdout=1&stderr=1&follow=1&tail=10");
    }
  }

  @Test
  void relativeSinceBecomesUnixTime() {
    assertThat(LogsCommand.timestamp("10m", 1_000_000_000L)).isEqualTo("999400.000000000");
    assertThat(LogsCommand.timestamp("2013-01-02T13:23:37Z", 0)).isEqualTo("1357133017.000000000");
    assertThat(LogsCommand.timestamp("1357133017", 0)).isEqualTo("1357133017");
  }
}
