package dev.berth.cli.command.container;

import dev.berth.api.StreamFrames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies container output to the CLI's own stdout and stderr, flushing as it goes: a TTY stream is
 * raw bytes, anything else is docker's 8-byte-header frames (stdout frames to stdout, stderr and
 * system-error frames to stderr).
 */
final class StreamPump {
  private StreamPump() {}

  static void copy(InputStream in, boolean tty, OutputStream out, OutputStream err) throws IOException {
    if (tty) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = read(in, buf)) > 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      return;
    }
    StreamFrames.Frame f;
    while ((f = readFrame(in)) != null) {
      OutputStream target = switch (f.stream()) {
        case STDOUT, STDIN -> out;
        default -> err;
      };
      target.write(f.payload());
      target.flush();
    }
  }

  private static int read(InputStream in, byte[] buf) throws IOException {
    try {
      return in.read(buf);
    } catch (java.nio.channels.AsynchronousCloseException e) {
      return -1;
    }
  }

  private static StreamFrames.Frame readFrame(InputStream in) throws IOException {
    try {
      return StreamFrames.read(in);
    } catch (java.nio.channels.AsynchronousCloseException e) {
      return null;
    }
  }

  /** Forwards stdin to the container on a daemon thread and half-closes the connection at EOF. */
  static Thread forwardStdin(InputStream stdin, OutputStream conn, Runnable onEof) {
    Thread t = new Thread(new Runnable() {
      @Override
      public void run() {
        byte[] buf = new byte[8192];
        try {
          int n;
          while ((n = stdin.read(buf)) >= 0) {
            if (n > 0) {
              conn.write(buf, 0, n);
              conn.flush();
            }
          }
        } catch (IOException ignored) {
          // the container went away; the output side reports how it ended
        }
        onEof.run();
      }
    }, "berth-stdin");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
