package dev.berth.compose.load;

/**
 * A value written with compose's {@code !reset} or {@code !override} tag. The merge of override
 * files reads the tag (reset drops the inherited value, override replaces it instead of merging)
 * and {@link Merge#strip} removes the wrappers once the files are merged.
 */
public record Tagged(Kind kind, Object value) {
  /** Which of the two tags. */
  public enum Kind { RESET, OVERRIDE }
}
