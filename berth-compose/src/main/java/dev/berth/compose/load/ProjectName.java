package dev.berth.compose.load;

import java.util.Locale;

/**
 * Compose project names: lowercase letters, digits, {@code _} and {@code -}, starting with a
 * letter or digit. A name taken from a directory is normalised into that shape; a name the user
 * gave ({@code -p}, {@code COMPOSE_PROJECT_NAME}, {@code name:}) must already have it.
 */
public final class ProjectName {
  private ProjectName() {}

  public static String fromDirectory(String base) {
    StringBuilder sb = new StringBuilder();
    for (char c : base.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
        sb.append(c);
      }
    }
    int i = 0;
    while (i < sb.length() && (sb.charAt(i) == '_' || sb.charAt(i) == '-')) {
      i++;
    }
    return sb.substring(i);
  }

  public static String checked(String name) {
    if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new ComposeException("invalid project name \"" + name + "\": must consist only of lowercase alphanumeric "
          + "characters, hyphens, and underscores as well as start with a letter or number");
    }
    return name;
  }
}
