package dev.berth.daemon.image;

import dev.berth.daemon.util.Messages;
import java.io.IOException;

/** A tar entry that would write outside its target (.., absolute paths, escaping links). */
public final class UnsafeArchiveException extends IOException {
  public UnsafeArchiveException(String message) {
    super(Messages.oneLine(message)); // entry names may hold line breaks
  }
}
