package dev.berth.daemon.sys;

import java.io.IOException;

/**
 * A short window in which berthd adopts the processes orphaned under it.
 *
 * <p>{@code runc exec --tty} hands the terminal to a console socket only when it detaches, and a
 * detached runc exits at once, orphaning the exec's process: the one thing that can still learn
 * its exit code is the process it is re-parented to. While a launch runs inside {@link #adopt},
 * berthd is a child subreaper, so the process becomes its child and {@link LibC#waitExit} can
 * reap it. The window is closed again right after, and other launches that orphan processes on
 * purpose (conmon's double fork) hold {@link #LOCK} so that they are never adopted by accident.
 */
public final class Subreaper {
  /** Held by every launch that orphans a process, inside or outside the window. */
  public static final Object LOCK = new Object();

  private Subreaper() {}

  /** What runs inside the window. */
  @FunctionalInterface
  public interface Launch<T> {
    T run() throws IOException, InterruptedException;
  }

  /** Runs {@code launch} with berthd a child subreaper; orphans made meanwhile become its children. */
  public static <T> T adopt(Launch<T> launch) throws IOException, InterruptedException {
    synchronized (LOCK) {
      LibC.setChildSubreaper(true);
      try {
        return launch.run();
      } finally {
        LibC.setChildSubreaper(false);
      }
    }
  }
}
