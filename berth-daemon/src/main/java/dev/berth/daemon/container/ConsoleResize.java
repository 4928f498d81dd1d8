package dev.berth.daemon.container;

import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Window size changes for a container's terminal. conmon holds the container's PTY master, so the
 * size goes to conmon through the control FIFO it makes in the bundle ({@code ctl}), one line per
 * request: {@code 1 <rows> <columns>} (message type 1 is a resize), which conmon applies with
 * TIOCSWINSZ. The container's foreground process then gets SIGWINCH from the kernel.
 */
final class ConsoleResize {
  private static final int RESIZE = 1;
  /** conmon ignores sizes past this; say so instead of failing silently. */
  private static final int CONMON_MAX = 1000;

  private ConsoleResize() {}

  /** The {@code h} and {@code w} parameters as Docker reads them: unsigned 16-bit numbers. */
  static int[] size(Exchange x) {
    return new int[] {dimension(x, "h"), dimension(x, "w")};
  }

  private static int dimension(Exchange x, String name) {
    String v = x.query(name, "");
    try {
      int n = Integer.parseInt(v.strip());
      if (n < 0 || n > 65535) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resize " + (name.equals("h") ? "height" : "width") + ": \"" + v + "\"");
    }
  }

  /** Resizes a running container's terminal; a container without one has nothing to resize. */
  static void resize(Container c, Path bundle, int rows, int cols) {
    if (!c.state.running()) {
      throw ApiException.conflict("Container " + c.id + " is not running");
    }
    if (!c.tty()) {
      return;
    }
    if (rows > CONMON_MAX || cols > CONMON_MAX) {
      throw ApiException.badRequest("terminal size " + rows + "x" + cols + " too large (at most "
          + CONMON_MAX + "x" + CONMON_MAX + ")");
    }
    byte[] line = (RESIZE + " " + rows + " " + cols + "\n").getBytes(StandardCharsets.US_ASCII);
    int fd;
    try {
      fd = LibC.openFifoForWrite(bundle.resolve("ctl").toString());
    } catch (IOException e) {
      // no reader: the monitor has gone, so has the container's terminal
      throw ApiException.conflict("Container " + c.id + " is not running");
    }
    try {
      LibC.writeFully(fd, line, 0, line.length);
    } catch (IOException e) {
      throw new IllegalStateException("resize: " + e.getMessage(), e);
    } finally {
      LibC.close(fd);
    }
  }
}
