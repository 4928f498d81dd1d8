package dev.berth.cli.client;

import java.io.IOException;

/** The socket is missing or refuses connections: the daemon is not running there. */
public final class CannotConnectException extends IOException {
  public CannotConnectException(IOException cause) {
    super(cause.getMessage(), cause);
  }
}
