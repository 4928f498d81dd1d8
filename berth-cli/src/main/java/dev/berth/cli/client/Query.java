package dev.berth.cli.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds a path with a URL-encoded query string, skipping parameters that are not set. */
public final class Query {
  private final StringBuilder sb;
  private boolean hasParams;

  private Query(String path) {
    this.sb = new StringBuilder(path);
  }

  public static Query path(String path) {
    return new Query(path);
  }

  /** Escapes one path segment such as a container name or image reference. */
  public static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/").replace("%3A", ":");
  }

  public Query param(String name, String value) {
    if (value == null) {
      return this;
    }
    sb.append(hasParams ? '&' : '?').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    hasParams = true;
    return this;
  }

  public Query param(String name, long value) {
    return param(name, Long.toString(value));
  }

  /** Adds {@code name=1} only when the flag is set, as docker sends booleans. */
  public Query flag(String name, boolean set) {
    return set ? param(name, "1") : this;
  }

  public Query nonEmpty(String name, String value) {
    return value == null || value.isEmpty() ? this : param(name, value);
  }

  public String build() {
    return sb.toString();
  }

  @Override
  public String toString() {
    return build();
  }
}
