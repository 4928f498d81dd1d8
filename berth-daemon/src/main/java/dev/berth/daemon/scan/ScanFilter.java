package dev.berth.daemon.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The filters {@code berth scan} and {@code scout cves} take, applied in the daemon so that every
 * output format (table, JSON, SARIF, CycloneDX) shows the same selection: {@code --only-severity},
 * {@code --only-fixed}, {@code --only-package-type} and {@code --ignore-base}.
 */
record ScanFilter(Set<Severity> severities, boolean onlyFixed, boolean onlyUnfixed, Set<String> packageTypes,
    boolean ignoreBase) {

  static ScanFilter parse(List<String> severities, boolean onlyFixed, boolean onlyUnfixed, List<String> types,
      boolean ignoreBase) {
    Set<Severity> sev = split(severities).stream().map(s -> {
      Severity v = Severity.of(s);
      if (v == Severity.UNKNOWN && !s.equalsIgnoreCase("unknown") && !s.equalsIgnoreCase("unspecified")) {
        throw new IllegalArgumentException("invalid severity \"" + s + "\": use critical, high, medium, low or unspecified");
      }
      return v;
    }).collect(Collectors.toSet());
    return new ScanFilter(sev, onlyFixed, onlyUnfixed, split(types), ignoreBase);
  }

  private static Set<String> split(List<String> values) {
    return values.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::strip)
        .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  boolean keepsPackage(SbomEntry e, int baseLayers) {
    return (packageTypes.isEmpty() || packageTypes.contains(e.pkg().type())) && (!ignoreBase || e.layer() >= baseLayers);
  }

  List<Finding> apply(List<Finding> findings, int baseLayers) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      if (!keepsPackage(f.entry(), baseLayers)) {
        continue;
      }
      if (!severities.isEmpty() && !severities.contains(f.severity())) {
        continue;
      }
      if (onlyFixed && f.fixedVersion().isEmpty() || onlyUnfixed && !f.fixedVersion().isEmpty()) {
        continue;
      }
      out.add(f);
    }
    return out;
  }
}
