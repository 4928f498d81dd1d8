package dev.berth.daemon.build.dockerfile;

/**
 * A Dockerfile that cannot be parsed, or a word that cannot be expanded. The message is one line
 * in Docker's words ("dockerfile parse error on line 3: unknown instruction: FORM (did you mean
 * FROM?)") so the CLI can print it as it is and a user can find the line.
 */
public final class DockerfileException extends RuntimeException {
  private final int line;

  /** An error at {@code line} (1-based); the message is prefixed with the line number. */
  public DockerfileException(int line, String message) {
    super(line > 0 ? "dockerfile parse error on line " + line + ": " + message : message);
    this.line = line;
  }

  /** An error that belongs to no single line, such as a file without instructions. */
  public DockerfileException(String message) {
    this(0, message);
  }

  /** The 1-based line the error is about, or 0 when it is about the whole file. */
  public int line() {
    return line;
  }
}
