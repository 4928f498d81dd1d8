package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
  private static final String LOG = """
      2026-11-25T05:59:31.260635993+00:00 stdout F hello
      2026-11-25T05:59:32.000000000+00:00 stderr F oops
      2026-11-25T05:59:33.100000000+00:00 stdout P par
      2026-11-25T05:59:33.200000000+00:00 stdout F tial
      2026-11-25T05:59:34.000000000+00:00 stdout F bye
      """;

  @TempDir
  Path dir;

  private Path log(String content) throws IOException {
    Path p = dir.resolve("container-json.log");
    Files.write(p, asJsonFile(content));
    return p;
  }

  /** The tests state records in conmon's spool form; the reader reads them as json-file lines. */
  private static byte[] asJsonFile(String spool) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] lines = spool.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      LogRecord r = LogRecord.parseSpool(line.getBytes(StandardCharsets.UTF_8));
      byte[] json = r == null ? (line + "\n").getBytes(StandardCharsets.UTF_8) : r.toJsonLine();
      if (i == lines.length - 1) {
        // a record still being written: only its first half is on disk, without a newline
        json = java.util.Arrays.copyOf(json, json.length / 2);
      }
      out.writeBytes(json);
    }
    return out.toByteArray();
  }

  private static LogReader.Options tty() {
    return new LogReader.Options(true, true, false, -1, null, null, false, true);
  }

  private static LogReader.Options with(LogReader.Options o, boolean stdout, boolean stderr, boolean timestamps,
      int tail, Instant since, Instant until, boolean follow, boolean tty) {
    return new LogReader.Options(stdout, stderr, timestamps, tail, since, until, follow, tty);
  }

  private String read(Path file, LogReader.Options options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LogReader(file, options, out).copy(() -> false, () -> true);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Map<StreamType, String> demux(byte[] wire) throws IOException {
    Map<StreamType, String> out = new EnumMap<>(StreamType.class);
    ByteArrayInputStream in = new ByteArrayInputStream(wire);
    StreamFrames.Frame f;
    while ((f = StreamFrames.read(in)) != null) {
      out.merge(f.stream(), new String(f.payload(), StandardCharsets.UTF_8), String::concat);
    }
    return out;
  }

  @Test
  void ttyOutputIsRawTextWithPartialRecordsJoined() throws Exception {
    assertThat(read(log(LOG), tty())).isEqualTo("hello\noops\npartial\nbye\n");
  }

  @Test
  void nonTtyOutputIsFramedPerStream() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LogReader(log(LOG), with(tty(), true, true, false, -1, null, null, false, false), out).copy(() -> false, () -> true);

    Map<StreamType, String> streams = demux(out.toByteArray());

    assertThat(streams).containsEntry(StreamType.STDOUT, "hello\npartial\nbye\n").containsEntry(StreamType.STDERR, "oops\n");
  }

  @Test
  void nonTtyFrameStartsWithTheStreamHeader() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LogReader(log("2026-11-25T05:59:31.260635993+00:00 stderr F hi\n"),
        with(tty(), true, true, false, -1, null, null, false, false), out).copy(() -> false, () -> true);

    assertThat(out.toByteArray()).containsExactly(2, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n');
  }

  @Test
  void stdoutOnly() throws Exception {
    assertThat(read(log(LOG), with(tty(), true, false, false, -1, null, null, false, true)))
        .isEqualTo("hello\npartial\nbye\n");
  }

  @Test
  void stderrOnly() throws Exception {
    assertThat(read(log(LOG), with(tty(), false, true, false, -1, null, null, false, true))).isEqualTo("oops\n");
  }

  @Test
  void tailKeepsTheLastWholeLinesCountingPartialRecordsAsOneLine() throws Exception {
    assertThat(read(log(LOG), with(tty(), true, true, false, 2, null, null, false, true))).isEqualTo("partial\nbye\n");
  }

  @Test
  void tailLargerThanTheLogGivesEverything() throws Exception {
    assertThat(read(log(LOG), with(tty(), true, true, false, 100, null, null, false, true)))
        .isEqualTo("hello\noops\npartial\nbye\n");
  }

  @Test
  void tailZeroGivesNothing() throws Exception {
    assertThat(read(log(LOG), with(tty(), true, true, false, 0, null, null, false, true))).isEmpty();
  }

  @Test
  void sinceDropsEarlierRecordsAndIsInclusive() throws Exception {
    Instant since = Instant.parse("2026-11-25T05:59:32Z");

    assertThat(read(log(LOG), with(tty(), true, true, false, -1, since, null, false, true)))
        .isEqualTo("oops\npartial\nbye\n");
  }

  @Test
  void untilDropsLaterRecordsAndIsInclusive() throws Exception {
    Instant until = Instant.parse("2026-11-25T05:59:32Z");

    assertThat(read(log(LOG), with(tty(), true, true, false, -1, null, until, false, true))).isEqualTo("hello\noops\n");
  }

  @Test
  void timestampsArePrefixedWithFixedNineDigitNanosInUtc() throws Exception {
    String out = read(log(LOG), with(tty(), true, true, true, -1, null, null, false, true));

    assertThat(out).startsWith("2026-11-25T05:59:31.260635993Z hello\n2026-11-25T05:59:32.000000000Z oops\n");
    assertThat(out).endsWith("2026-11-25T05:59:34.000000000Z bye\n");
  }

  @Test
  void timestampsAreConvertedToUtc() throws Exception {
    Path p = log("2026-11-25T07:59:31.5+02:00 stdout F east\n");

    assertThat(read(p, with(tty(), true, true, true, -1, null, null, false, true)))
        .isEqualTo("2026-11-25T05:59:31.500000000Z east\n");
  }

  @Test
  void timestampsAreNotInsertedInsideALineSplitIntoPartialRecords() throws Exception {
    Path p = log("""
        2026-11-25T05:59:33.100000000+00:00 stdout P par
        2026-11-25T05:59:33.200000000+00:00 stdout F tial
        """);

    String out = read(p, with(tty(), true, true, true, -1, null, null, false, true));

    assertThat(out).matches("2026-11-25T05:59:33\\.[0-9]{9}Z partial\n");
  }

  @Test
  void emptyFinalRecordIsAnEmptyLine() throws Exception {
    Path p = log("2026-11-25T05:59:31.000000000+00:00 stdout F\n2026-11-25T05:59:32.000000000+00:00 stdout F x\n");

    assertThat(read(p, tty())).isEqualTo("\nx\n");
  }

  @Test
  void textKeepsItsSpaces() throws Exception {
    Path p = log("2026-11-25T05:59:31.000000000+00:00 stdout F  two  spaces \n");

    assertThat(read(p, tty())).isEqualTo(" two  spaces \n");
  }

  @Test
  void malformedRecordsAreSkipped() throws Exception {
    Path p = log("garbage\nnot-a-time stdout F x\n2026-11-25T05:59:31.000000000+00:00 stdout F ok\n");

    assertThat(read(p, tty())).isEqualTo("ok\n");
  }

  @Test
  void incompleteLastRecordWithoutNewlineIsNotWritten() throws Exception {
    Path p = log("2026-11-25T05:59:31.000000000+00:00 stdout F ok\n2026-11-25T05:59:32.000000000+00:00 stdout F hal");

    assertThat(read(p, tty())).isEqualTo("ok\n");
  }

  @Test
  void missingLogGivesNothing() throws Exception {
    assertThat(read(dir.resolve("absent.log"), tty())).isEmpty();
  }

  @Test
  void recordsLongerThanTheReadBufferSurviveIntact() throws Exception {
    String big = "x".repeat(150_000);
    Path p = log("2026-11-25T05:59:31.000000000+00:00 stdout F " + big + "\n");

    assertThat(read(p, tty())).isEqualTo(big + "\n");
  }

  @Test
  void followWritesRecordsAppendedWhileRunningThenStopsWhenTheContainerStops() throws Exception {
    Path p = log("2026-11-25T05:59:31.000000000+00:00 stdout F one\n");
    AtomicInteger polls = new AtomicInteger();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    new LogReader(p, with(tty(), true, true, false, -1, null, null, true, true), out).copy(() -> {
      if (polls.incrementAndGet() == 1) {
        append(p, "2026-11-25T05:59:32.000000000+00:00 stdout F two\n");
        return true;
      }
      return false;
    }, () -> true);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
  }

  @Test
  void followStopsWhenTheClientIsGone() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    new LogReader(log(LOG), with(tty(), true, true, false, -1, null, null, true, true), out)
        .copy(() -> true, () -> false);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\noops\npartial\nbye\n");
  }

  @Test
  void followAfterTailKeepsTheStartOfALineStillBeingWritten() throws Exception {
    Path p = log("""
        2026-11-25T05:59:31.000000000+00:00 stdout F bye
        2026-11-25T05:59:33.100000000+00:00 stdout P par
        """);
    AtomicInteger polls = new AtomicInteger();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    new LogReader(p, with(tty(), true, true, false, 1, null, null, true, true), out).copy(() -> {
      if (polls.incrementAndGet() == 1) {
        append(p, "2026-11-25T05:59:33.200000000+00:00 stdout F tial\n");
        return true;
      }
      return false;
    }, () -> true);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("bye\npartial\n");
  }

  private static void append(Path p, String text) {
    try {
      Files.write(p, asJsonFile(text), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
