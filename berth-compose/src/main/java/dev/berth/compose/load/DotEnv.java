package dev.berth.compose.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@code .env} (or {@code env_file}) file as compose reads it: {@code KEY=VALUE} lines,
 * optional {@code export}, {@code #} comments, single quotes literal, double quotes with
 * {@code \n}-style escapes, and {@code ${VAR}} substitution in unquoted and double-quoted values
 * from the variables defined so far and then the given lookup. A bare {@code KEY} takes its
 * value from the lookup, or is left out when that has none.
 */
public final class DotEnv {
  private DotEnv() {}

  public static Map<String, String> read(Path file, Function<String, String> outer) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ComposeException("Couldn't find env file: " + file.toAbsolutePath());
    }
    return parse(text, file.toString(), outer);
  }

  public static Map<String, String> parse(String text, String file, Function<String, String> outer) {
    Map<String, String> vars = new LinkedHashMap<>();
    Function<String, String> lookup = k -> vars.containsKey(k) ? vars.get(k) : outer.apply(k);
    Interpolation interp = new Interpolation(lookup, w -> { });
    int lineNo = 0;
    String[] lines = text.split("\r?\n", -1);
    for (int li = 0; li < lines.length; li++) {
      lineNo++;
      String line = lines[li].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).strip();
      }
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      if (key.isEmpty() || !key.matches("[A-Za-z_][A-Za-z0-9_.\\-\\[\\]]*")) {
        throw new ComposeException("failed to read " + file + ": line " + lineNo + ": unexpected character \"" + line
            + "\" in variable name");
      }
      if (eq < 0) {
        String v = outer.apply(key);
        if (v != null) {
          vars.put(key, v);
        }
        continue;
      }
      String raw = line.substring(eq + 1).strip();
      String value;
      if (raw.startsWith("'")) {
        StringBuilder sb = new StringBuilder(raw.substring(1));
        while (sb.indexOf("'") < 0 && li + 1 < lines.length) {
          sb.append('\n').append(lines[++li]);
          lineNo++;
        }
        int end = sb.indexOf("'");
        value = end < 0 ? sb.toString() : sb.substring(0, end);
      } else if (raw.startsWith("\"")) {
        StringBuilder sb = new StringBuilder(raw.substring(1));
        while (closingQuote(sb) < 0 && li + 1 < lines.length) {
          sb.append('\n').append(lines[++li]);
          lineNo++;
        }
        int end = closingQuote(sb);
        value = interp.substitute(unescape(end < 0 ? sb.toString() : sb.substring(0, end)), "");
      } else {
        int hash = raw.indexOf(" #");
        if (hash >= 0) {
          raw = raw.substring(0, hash).strip();
        }
        value = interp.substitute(raw, "");
      }
      vars.put(key, value);
    }
    return vars;
  }

  private static int closingQuote(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == '"') {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case '"', '\\' -> out.append(n);
          case '$' -> out.append("$$");
          default -> out.append('\\').append(n);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
