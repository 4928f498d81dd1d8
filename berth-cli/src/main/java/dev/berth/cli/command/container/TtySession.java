package dev.berth.cli.command.container;

import dev.berth.api.DetachKeys;
import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.Query;
import java.io.IOException;
import java.io.InputStream;

/**
 * What an attached terminal session needs beside its streams: the window size sent at start and
 * again on every SIGWINCH (to {@code /containers/{id}/resize} or {@code /exec/{id}/resize}), and
 * knowing whether the user typed the detach keys.
 *
 * <p>The keys themselves are passed on to the daemon, which ends the session; the CLI only watches
 * for them, so that when the stream ends it can tell a detach from the end of the process.
 */
final class TtySession {
  private final DaemonClient client;
  private final String resizePath;
  private volatile boolean detached;

  /** {@code resizePath} is the resize endpoint, e.g. {@code /containers/abc/resize}. */
  TtySession(DaemonClient client, String resizePath) {
    this.client = client;
    this.resizePath = resizePath;
  }

  static TtySession forContainer(DaemonClient client, String id) {
    return new TtySession(client, Containers.path(id) + "/resize");
  }

  static TtySession forExec(DaemonClient client, String execId) {
    return new TtySession(client, ExecCommand.path(execId) + "/resize");
  }

  /** Sends the terminal's size now and whenever the window changes. Does nothing without a terminal. */
  void monitorSize() {
    if (!Terminal.isInteractive()) {
      return;
    }
    resize();
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), sig -> Thread.ofVirtual().start(this::resize));
    } catch (IllegalArgumentException unavailable) {
      // no SIGWINCH here: the first size stands
    }
  }

  /** One resize request with the current size; a failure is ignored (the session goes on). */
  void resize() {
    int[] size = Terminal.size();
    if (size == null) {
      return;
    }
    try {
      client.post(Query.path(resizePath).param("h", size[0]).param("w", size[1]).build());
    } catch (IOException | RuntimeException ignored) {
      // a resize is a courtesy; the process runs regardless
    }
  }

  /** Refuses detach keys Docker would refuse, before anything is created or started. */
  static void checkKeys(String detachKeys, int exitCode) {
    try {
      DetachKeys.parse(detachKeys);
    } catch (IllegalArgumentException e) {
      throw new dev.berth.cli.command.CliError(e.getMessage(), exitCode);
    }
  }

  /** Whether the user typed the detach keys. */
  boolean detached() {
    return detached;
  }

  /**
   * Wraps stdin: everything is passed on, and once the detach keys have been read the stream ends,
   * so nothing typed after them is sent.
   */
  InputStream watch(InputStream in, String detachKeys) {
    DetachKeys.Scanner keys = new DetachKeys.Scanner(DetachKeys.parse(detachKeys));
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (detached) {
          return -1;
        }
        int n = in.read(b, off, len);
        if (n > 0) {
          keys.feed(b, off, n);
          if (keys.detached()) {
            detached = true;
          }
        }
        return n;
      }
    };
  }
}
