package dev.berth.daemon.build;

import dev.berth.api.Json;
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

  /** Output of a RUN step, passed on as it comes. */
  OutputStream stepOutput() {
    return new Adapter() {
      @Override
      public void write(byte[] b, int off, int len) {
        if (!quiet && len > 0) {
          send(Map.of("stream", new String(b, off, len, StandardCharsets.UTF_8)));
        }
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
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("errorDetail", Map.of("message", message));
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
      // one write per message: a newline written on its own reaches the client as a chunk of its own,
      // which docker-compose 1.29 and docker-py fail to decode
      byte[] json = Json.plain().writeValueAsBytes(message);
      byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      out.write(line);
      out.flush();
    } catch (IOException e) {
      clientGone = true;
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
