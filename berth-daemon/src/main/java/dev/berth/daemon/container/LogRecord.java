package dev.berth.daemon.container;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.berth.api.StreamType;
import dev.berth.daemon.util.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * One piece of a container's output with its time and stream, in the two on-disk forms Berth
 * meets: conmon's spool ({@code <RFC3339Nano> <stdout|stderr> <P|F> <text>}, where P marks a
 * piece that the next record continues) and Docker's json-file
 * ({@code {"log":"text\n","stream":"stdout","time":"..."}}, where a piece without a trailing
 * newline is continued by the next).
 */
record LogRecord(Instant time, StreamType stream, boolean partial, byte[] text) {
  private static final JsonFactory JSON = new JsonFactory();

  /** A spool line (without its newline); null when it is not one. */
  static LogRecord parseSpool(byte[] record) {
    int s1 = indexOf(record, (byte) ' ', 0);
    int s2 = s1 < 0 ? -1 : indexOf(record, (byte) ' ', s1 + 1);
    int s3 = s2 < 0 ? -1 : indexOf(record, (byte) ' ', s2 + 1);
    if (s3 < 0) {
      // an empty final record: "<ts> stdout F" without the separator
      if (s2 > 0 && record.length > s2 + 1) {
        s3 = record.length;
      } else {
        return null;
      }
    }
    try {
      Instant time = OffsetDateTime.parse(new String(record, 0, s1, StandardCharsets.US_ASCII)).toInstant();
      String stream = new String(record, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
      boolean partial = record[s2 + 1] == 'P';
      byte[] text = s3 >= record.length ? new byte[0] : Arrays.copyOfRange(record, s3 + 1, record.length);
      return new LogRecord(time, stream.equals("stderr") ? StreamType.STDERR : StreamType.STDOUT, partial, text);
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  /** A json-file line (without its newline); null when it is not one. */
  static LogRecord parseJson(byte[] line) {
    String log = null;
    String stream = "stdout";
    String time = null;
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "log" -> log = p.getText();
          case "stream" -> stream = p.getText();
          case "time" -> time = p.getText();
          default -> p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException malformed) {
      return null;
    }
    if (log == null || time == null) {
      return null;
    }
    try {
      Instant t = Instant.parse(time);
      boolean partial = !log.endsWith("\n");
      String text = partial ? log : log.substring(0, log.length() - 1);
      return new LogRecord(t, stream.equals("stderr") ? StreamType.STDERR : StreamType.STDOUT, partial,
          text.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException badTime) {
      return null;
    }
  }

  /** The json-file line for this record, newline included. */
  byte[] toJsonLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 80);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      String s = new String(text, StandardCharsets.UTF_8);
      g.writeStringField("log", partial ? s : s + "\n");
      g.writeStringField("stream", stream == StreamType.STDERR ? "stderr" : "stdout");
      g.writeStringField("time", Times.rfc3339(time));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
