package dev.berth.daemon.scan;

/** An advisory file that cannot be read: corrupt, truncated, or of no format Berth knows. */
public final class AdvisoryFormatException extends Exception {
  public AdvisoryFormatException(String message) {
    super(message);
  }
}
