package dev.berth.daemon.image;

import java.io.IOException;

/** A tar entry that would write outside its target (.., absolute paths, escaping links). */
public final class UnsafeArchiveException extends IOException {
  public UnsafeArchiveException(String message) {
    super(message);
  }
}
