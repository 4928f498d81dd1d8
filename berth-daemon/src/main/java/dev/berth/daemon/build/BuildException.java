package dev.berth.daemon.build;

/**
 * A build that cannot go on, with the message the user sees in the error at the end of the stream
 * (Docker's wording where Docker has one) and, for a failed RUN, its exit code.
 */
final class BuildException extends RuntimeException {
  private final int code;

  BuildException(String message) {
    this(message, 1);
  }

  BuildException(String message, int code) {
    super(message);
    this.code = code;
  }

  int code() {
    return code;
  }
}
