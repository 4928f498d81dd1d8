package dev.berth.api;

/**
 * What a fuzz target accepts as a clean refusal: the documented exception type carrying a
 * one-line message a user can read. Anything else escaping a parser is a finding.
 */
public final class FuzzChecks {
  private FuzzChecks() {}

  /** Rethrows {@code e} as a finding unless its message is one non-blank line. */
  public static void requireOneLine(RuntimeException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank() || m.indexOf('\n') >= 0) {
      throw new AssertionError("refusal without a one-line message: " + e, e);
    }
  }
}
