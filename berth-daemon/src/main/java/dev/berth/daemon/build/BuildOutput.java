package dev.berth.daemon.build;

import dev.berth.api.Json;
import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The classic builder's answer stream: one JSON object per message, as the docker CLI, docker-java
 * and the berth CLI read it ({@code {"stream": "Step 1/8 : FROM busybox\n"}}, {@code {"aux": {"ID": ...}}},
 * {@code {"errorDetail": {...}, "error": ...}}). With {@code quiet}, only the image ID and errors go
 * out, as with {@code build -q}.
 */
final class BuildOutput {
  private final OutputStream out;
  private final boolean quiet;
  private volatile boolean clientGone;

  BuildOutput(OutputStream out, boolean quiet) {
    this.out = out;
    this.quiet = quiet;
  }

  /** A line of progress ("Step 2/8 : RUN ...", " ---> Using cache"). */
  void line(String text) {
    if (!quiet) {
      send(Map.of("stream", text.endsWith("\n") ? text : text + "\n"));
    }
  }

  /**
   * Output of a RUN step, in stream frames (one per write), passed on as it comes. stderr is
   * wrapped in the terminal colour codes dockerd's classic builder puts around it
   * ({@code ESC[91m ... ESC[0m}), which clients show in red and docker-py's tests look for.
   */
  OutputStream stepOutput() {
    return new Adapter() {
      private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

      @Override
      public void write(byte[] b, int off, int len) {
        if (quiet || len <= 0) {
          return;
        }
        pending.write(b, off, len);
        byte[] data = pending.toByteArray();
        int at = 0;
        while (data.length - at >= StreamFrames.HEADER_SIZE) {
          int size = java.nio.ByteBuffer.wrap(data, at + 4, 4).getInt();
          if (data.length - at - StreamFrames.HEADER_SIZE < size) {
            break;
          }
          String text = new String(data, at + StreamFrames.HEADER_SIZE, size, StandardCharsets.UTF_8);
          send(Map.of("stream", data[at] == StreamType.STDERR.ordinal() ? "\u001b[91m" + text + "\u001b[0m" : text));
          at += StreamFrames.HEADER_SIZE + size;
        }
        pending.reset();
        pending.write(data, at, data.length - at);
      }
    };
  }

  /**
   * Whole JSON messages from elsewhere (a base image's pull progress), passed through as they are;
   * closing it does not end the build's stream.
   */
  OutputStream messages() {
    return new Adapter() {
      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (BuildOutput.this) {
          if (clientGone) {
            return;
          }
          try {
            out.write(b, off, len);
            out.flush();
          } catch (IOException e) {
            clientGone = true;
          }
        }
      }
    };
  }

  /** A stream handed to others: single bytes go the array way, and closing it leaves the build's stream open. */
  private abstract static class Adapter extends OutputStream {
    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public abstract void write(byte[] b, int off, int len);

    @Override
    public void close() {
      // the build's stream outlives whoever wrote here
    }
  }

  /** The built image's ID, which clients (docker-java, -q, --iidfile) take from the aux message. */
  void imageId(String id) {
    send(Map.of("aux", Map.of("ID", id)));
  }

  void error(String message) {
    error(message, 0);
  }

  /** A failure; a RUN that exited non-zero gives its code, as {@code errorDetail.code}. */
  void error(String message, int code) {
    Map<String, Object> detail = new LinkedHashMap<>();
    if (code != 0) {
      detail.put("code", code);
    }
    detail.put("message", message);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("errorDetail", detail);
    m.put("error", message);
    send(m);
  }

  boolean clientGone() {
    return clientGone;
  }

  private synchronized void send(Map<String, ?> message) {
    if (clientGone) {
      return;
    }
    try {
      // One write, so one chunk: a message and its line end never travel apart. docker-py and
      // docker-compose 1.29 decode each chunk as JSON, and a bare newline chunk stops them.
      byte[] json = Json.plain().writeValueAsBytes(message);
      byte[] line = java.util.Arrays.copyOf(json, json.length + 2);
      line[json.length] = '\r';
      line[json.length + 1] = '\n';
      out.write(line);
      out.flush();
    } catch (IOException e) {
      clientGone = true;
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
