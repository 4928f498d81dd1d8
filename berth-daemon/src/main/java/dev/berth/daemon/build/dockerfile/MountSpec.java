package dev.berth.daemon.build.dockerfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a {@code RUN --mount} value into its options, as BuildKit reads it: comma-separated
 * CSV fields (a field may be double-quoted to hold a comma), each {@code key=value} or a bare
 * word such as {@code readonly}; keys are case-insensitive. Only the type is checked here; the
 * engine decides which mounts it can honour.
 */
final class MountSpec {
  private static final List<String> TYPES = List.of("bind", "cache", "tmpfs", "secret", "ssh");

  private MountSpec() {}

  static Map<String, String> parse(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i <= spec.length(); i++) {
      char c = i < spec.length() ? spec.charAt(i) : ',';
      if (quoted) {
        if (c == '"' && i + 1 < spec.length() && spec.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else if (i == spec.length()) {
          throw new IllegalArgumentException("invalid --mount value \"" + spec + "\": unterminated quote");
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        add(out, field.toString(), spec);
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    String type = out.get("type");
    if (type != null && !type.contains("$") && !TYPES.contains(type)) {
      throw new IllegalArgumentException("unsupported mount type \"" + type + "\"");
    }
    return out;
  }

  private static void add(Map<String, String> out, String field, String spec) {
    String f = field.strip();
    if (f.isEmpty()) {
      return;
    }
    int eq = f.indexOf('=');
    String key = (eq < 0 ? f : f.substring(0, eq)).toLowerCase(Locale.ROOT);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("invalid --mount value \"" + spec + "\": empty key");
    }
    out.put(key, eq < 0 ? "" : f.substring(eq + 1));
  }
}
