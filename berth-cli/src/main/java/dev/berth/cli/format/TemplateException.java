package dev.berth.cli.format;

/** A template that does not parse or cannot be executed on its data. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }
}
