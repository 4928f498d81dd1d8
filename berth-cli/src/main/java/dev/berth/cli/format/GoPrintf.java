package dev.berth.cli.format;

import java.util.List;

/**
 * The common verbs of Go's printf for templates: %s %v %d %q %f, with width, and %%. As in Go, a
 * width or precision over a million is refused in the output ({@code %!(BADWIDTH)}) rather than
 * honoured, and {@code %f} of a non-number prints {@code %!f(string=x)}: a template is user input
 * and must not exhaust memory or throw.
 */
final class GoPrintf {
  /** Go's fmt refuses widths and precisions above this ({@code tooLarge}). */
  private static final int MAX_WIDTH = 1_000_000;

  private GoPrintf() {}

  static String format(String fmt, List<Object> args) {
    StringBuilder sb = new StringBuilder();
    int ai = 0;
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if (c != '%' || i + 1 >= fmt.length()) {
        sb.append(c);
        continue;
      }
      int j = i + 1;
      boolean left = false;
      if (fmt.charAt(j) == '-') {
        left = true;
        j++;
      }
      int width = 0;
      while (j < fmt.length() && isDigit(fmt.charAt(j))) {
        width = Math.min(width * 10 + (fmt.charAt(j++) - '0'), MAX_WIDTH + 1);
      }
      if (width > MAX_WIDTH) {
        sb.append("%!(BADWIDTH)");
        width = 0;
      }
      int prec = -1;
      if (j < fmt.length() && fmt.charAt(j) == '.') {
        j++;
        prec = 0;
        while (j < fmt.length() && isDigit(fmt.charAt(j))) {
          prec = Math.min(prec * 10 + (fmt.charAt(j++) - '0'), MAX_WIDTH + 1);
        }
        if (prec > MAX_WIDTH) {
          sb.append("%!(BADPREC)");
          prec = -1;
        }
      }
      if (j >= fmt.length()) {
        sb.append(fmt, i, fmt.length());
        break;
      }
      char verb = fmt.charAt(j);
      i = j;
      if (verb == '%') {
        sb.append('%');
        continue;
      }
      if (ai >= args.size()) {
        sb.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object a = args.get(ai++);
      String s = switch (verb) {
        case 'q' -> quote(GoValues.print(a));
        case 'f' -> a instanceof Number n
            ? String.format(java.util.Locale.ROOT, "%." + (prec < 0 ? 6 : prec) + "f", n.doubleValue())
            : a == null ? "%!f(<nil>)" : "%!f(" + GoValues.typeName(a) + "=" + GoValues.print(a) + ")";
        default -> {
          String p = GoValues.print(a);
          yield prec >= 0 && verb == 's' && p.length() > prec ? p.substring(0, prec) : p;
        }
      };
      if (s.length() < width) {
        String pad = " ".repeat(width - s.length());
        s = left ? s + pad : pad + s;
      }
      sb.append(s);
    }
    return sb.toString();
  }

  /** ASCII digits only: Character.isDigit also takes other scripts' digits, which Go does not. */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Go's strconv.Quote for the characters that occur in container commands. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
