package dev.berth.daemon.sys;

import java.io.IOException;

/**
 * An entry {@link SafeTree} will not write: it names a place outside its root, passes through a
 * link it may not follow, or lands on something read-only. The message is one line for the user.
 */
public final class RefusedEntry extends IOException {
  public RefusedEntry(String message) {
    super(message);
  }
}
