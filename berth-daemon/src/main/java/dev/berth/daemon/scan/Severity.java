package dev.berth.daemon.scan;

import java.util.Locale;

/** Scout's severities, highest first; advisories' own words (MODERATE, IMPORTANT, urgency) map onto them. */
public enum Severity {
  CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The severity a word names; UNKNOWN for anything else. */
  public static Severity of(String word) {
    if (word == null) {
      return UNKNOWN;
    }
    String w = word.strip().toLowerCase(Locale.ROOT);
    if (w.endsWith("*")) {
      w = w.substring(0, w.length() - 1); // Debian's "low*": not yet reviewed
    }
    return switch (w) {
      case "critical" -> CRITICAL;
      case "high", "important" -> HIGH;
      case "medium", "moderate" -> MEDIUM;
      case "low", "unimportant", "negligible", "minor" -> LOW;
      default -> UNKNOWN;
    };
  }

  /** CVSS's bands: 9.0 and above critical, 7.0 high, 4.0 medium, above 0 low. */
  public static Severity ofScore(double score) {
    if (score >= 9.0) {
      return CRITICAL;
    }
    if (score >= 7.0) {
      return HIGH;
    }
    if (score >= 4.0) {
      return MEDIUM;
    }
    return score > 0 ? LOW : UNKNOWN;
  }

  /** Whether this is at least as severe as {@code other}. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }
}
