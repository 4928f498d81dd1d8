package dev.berth.compose.load;

/**
 * A compose problem the user can fix: the message is one line that names the file, the path in
 * the model or the variable, and is printed as it is.
 */
public final class ComposeException extends RuntimeException {
  public ComposeException(String message) {
    super(message);
  }
}
