package dev.berth.daemon.build;

/**
 * A build that cannot go on, with the message the user sees in the error at the end of the stream
 * (Docker's wording where Docker has one) and, for a failed RUN, its exit code.
 */
final class BuildException extends RuntimeException {
  private final int code;

  BuildException(String message) {
    this(message, 0);
  }

  BuildException(String message, int code) {
    super(message);
    this.code = code;
  }

  /** A failed RUN's exit code; 0 for every other failure. */
  int code() {
    return code;
  }
}
