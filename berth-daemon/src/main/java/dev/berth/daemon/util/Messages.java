package dev.berth.daemon.util;

/**
 * Puts hostile text into error messages. Every refusal is one line ("layer entry x: ..."), but
 * the names it quotes come from tars, registries and Dockerfiles and may hold line breaks or
 * terminal control characters, which would split the message, forge extra lines in a client's
 * output or in the log, or move the cursor.
 */
public final class Messages {
  private Messages() {}

  /**
   * {@code text} with line breaks and other control characters (tab excepted) written as
   * {@code \n}, {@code \r} or {@code \xNN}, so it prints on one line.
   */
  public static String oneLine(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\t') || c == 0x7f;
      if (control && sb == null) {
        sb = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (sb != null) {
        if (!control) {
          sb.append(c);
        } else if (c == '\n') {
          sb.append("\\n");
        } else if (c == '\r') {
          sb.append("\\r");
        } else {
          sb.append(String.format("\\x%02x", (int) c));
        }
      }
    }
    return sb == null ? text : sb.toString();
  }
}
