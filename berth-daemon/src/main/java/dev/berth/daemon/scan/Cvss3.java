package dev.berth.daemon.scan;

import java.util.HashMap;
import java.util.Map;

/**
 * The CVSS 3.x base score of a vector ({@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}), by
 * the specification's formulas: OSV records carry the vector, not the score, and severity bands
 * come from the score.
 */
final class Cvss3 {
  private Cvss3() {}

  /** The base score, or -1 when the vector is not a CVSS 3 base vector. */
  static double score(String vector) {
    if (vector == null || !vector.startsWith("CVSS:3")) {
      return -1;
    }
    Map<String, String> m = new HashMap<>();
    for (String part : vector.split("/")) {
      int colon = part.indexOf(':');
      if (colon > 0) {
        m.put(part.substring(0, colon), part.substring(colon + 1));
      }
    }
    try {
      boolean changed = "C".equals(m.get("S"));
      double av = switch (m.get("AV")) { case "N" -> 0.85; case "A" -> 0.62; case "L" -> 0.55; case "P" -> 0.2;
        default -> throw new IllegalArgumentException(); };
      double ac = switch (m.get("AC")) { case "L" -> 0.77; case "H" -> 0.44; default -> throw new IllegalArgumentException(); };
      double pr = switch (m.get("PR")) { case "N" -> 0.85; case "L" -> changed ? 0.68 : 0.62; case "H" -> changed ? 0.5 : 0.27;
        default -> throw new IllegalArgumentException(); };
      double ui = switch (m.get("UI")) { case "N" -> 0.85; case "R" -> 0.62; default -> throw new IllegalArgumentException(); };
      double c = cia(m.get("C"));
      double i = cia(m.get("I"));
      double a = cia(m.get("A"));
      double iss = 1 - (1 - c) * (1 - i) * (1 - a);
      double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
      double exploitability = 8.22 * av * ac * pr * ui;
      if (impact <= 0) {
        return 0;
      }
      return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static double cia(String v) {
    return switch (v) { case "H" -> 0.56; case "L" -> 0.22; case "N" -> 0; default -> throw new IllegalArgumentException(); };
  }

  /** CVSS 3.1's Roundup: the smallest one-decimal number not below x, free of floating-point noise. */
  private static double roundUp(double x) {
    long i = Math.round(x * 100000);
    return i % 10000 == 0 ? i / 100000.0 : (Math.floorDiv(i, 10000) + 1) / 10.0;
  }
}
