package dev.berth.api;

/**
 * An Engine API version such as {@code 1.51}, compared numerically (1.9 &lt; 1.24).
 *
 * <p>Berth advertises {@link #CURRENT}; clients negotiate down to it. Requests may name any version
 * from {@link #MINIMUM} up; outside that range Docker answers 400 and so does Berth.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  public static final ApiVersion CURRENT = new ApiVersion(1, 51);
  public static final ApiVersion MINIMUM = new ApiVersion(1, 24);

  /** Parses {@code 1.51}; throws IllegalArgumentException on anything else. */
  public static ApiVersion parse(String text) {
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1) {
      throw new IllegalArgumentException("invalid API version: " + text);
    }
    try {
      return new ApiVersion(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid API version: " + text);
    }
  }

  public boolean atLeast(ApiVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
