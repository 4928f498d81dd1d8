package dev.berth.cli.args;

/** A flag or argument error: docker prints it with a pointer to --help and exits 125. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
