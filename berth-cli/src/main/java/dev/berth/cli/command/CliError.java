package dev.berth.cli.command;

/**
 * An error the CLI reports itself; the message is printed verbatim to stderr (docker's
 * {@code Error: ...} lines) and the process exits with {@code exitCode}. A null message only sets
 * the exit code (the output was already printed).
 */
public final class CliError extends RuntimeException {
  private final int exitCode;

  public CliError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public static CliError exit(int code) {
    return new CliError(null, code);
  }

  public int exitCode() {
    return exitCode;
  }
}
