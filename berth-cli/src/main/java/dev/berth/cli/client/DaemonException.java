package dev.berth.cli.client;

/**
 * An error answer from the daemon, {@code {"message":"..."}}; printed as docker does:
 * {@code Error response from daemon: <message>}.
 */
public final class DaemonException extends RuntimeException {
  private final int status;

  public DaemonException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public boolean isNotFound() {
    return status == 404;
  }
}
