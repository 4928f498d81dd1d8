package dev.berth.cli.json;

/**
 * Re-indents JSON text without decoding it, as Go's {@code json.Indent} does.
 *
 * <p>docker inspect prints the daemon's bytes through json.Indent with four spaces, so strings keep
 * their original escapes and members their original order; empty objects and arrays stay {@code {}}
 * and {@code []}.
 */
public final class JsonIndent {
  private JsonIndent() {}

  public static String indent(String json, String indent) {
    StringBuilder out = new StringBuilder(json.length() * 2);
    int depth = 0;
    boolean inString = false;
    boolean needIndent = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\' && i + 1 < json.length()) {
          out.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      if (needIndent && c != ']' && c != '}') {
        needIndent = false;
        depth++;
        newline(out, indent, depth);
      }
      switch (c) {
        case '"' -> {
          inString = true;
          out.append(c);
        }
        case '{', '[' -> {
          out.append(c);
          needIndent = true;
        }
        case ',' -> {
          out.append(c);
          newline(out, indent, depth);
        }
        case ':' -> out.append(": ");
        case '}', ']' -> {
          if (needIndent) {
            needIndent = false;
          } else {
            depth--;
            newline(out, indent, depth);
          }
          out.append(c);
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void newline(StringBuilder out, String indent, int depth) {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append(indent);
    }
  }
}
