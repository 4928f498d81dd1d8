package dev.berth.cli.command.scan;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.TabWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code berth scan IMAGE} and its Scout shapes, {@code berth scout cves} and {@code berth scout
 * quickview}: the vulnerabilities berthd finds in an image, grouped by package, with a summary by
 * severity; {@code --layers} shows them per layer; {@code --exit-code} fails a CI job when something
 * at or above {@code --severity} is found.
 */
public final class ScanCommand implements Command {
  private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "unknown");
  /** What {@code --exit-code} returns when vulnerabilities are found, as {@code docker scout cves} does. */
  static final int FOUND = 2;

  private final String name;
  private final boolean quickview;

  private ScanCommand(String name, boolean quickview) {
    this.name = name;
    this.quickview = quickview;
  }

  public static ScanCommand scan() {
    return new ScanCommand("scan", false);
  }

  public static ScanCommand cves() {
    return new ScanCommand("scout cves", false);
  }

  public static ScanCommand quickview() {
    return new ScanCommand("scout quickview", true);
  }

  @Override
  public Spec spec() {
    Options o = new Options()
        .list("only-severity", "list", "Only vulnerabilities of these severities (critical, high, medium, low, unspecified)")
        .bool("only-fixed", "Only vulnerabilities that have a fix")
        .bool("only-unfixed", "Only vulnerabilities without a fix")
        .list("only-package-type", "list", "Only packages of these types (deb, apk, rpm, maven, npm, pypi, golang, cargo)")
        .bool("ignore-base", "Leave out vulnerabilities from the base image's layers");
    if (!quickview) {
      o.value("format", "string", "Output format: table, json, sarif or cyclonedx-json (default \"table\")")
          .value('o', "output", "string", "Write the report to a file instead of STDOUT")
          .bool("layers", "Show each layer's instruction and the packages and vulnerabilities it introduced")
          .bool('e', "exit-code", "Return exit code 2 when vulnerabilities (at or above --severity) are found")
          .value("severity", "string", "With --exit-code: the lowest severity that fails (default: any)");
    }
    String what = quickview ? "Show a summary of an image's vulnerabilities by severity"
        : "Show the vulnerabilities in an image, by package";
    return new Spec("berth " + name + " [OPTIONS] IMAGE", what, o, 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String image = args.positional().get(0);
    String format = quickview ? "table" : args.value("format", "table");
    String threshold = args.value("severity", "unknown").toLowerCase(java.util.Locale.ROOT);
    if (threshold.equals("unspecified")) {
      threshold = "unknown";
    }
    if (!SEVERITIES.contains(threshold)) {
      throw new CliError("Error: invalid --severity \"" + args.value("severity") + "\": use critical, high, medium or low", 1);
    }
    Query q = ScanApi.filters(Query.path(ScanApi.imagePath(image, "scan")), args);
    String base = q.build();
    Map<String, Object> report = null;
    if (format.equals("json")) {
      report = ScanApi.json(ctx, base);
      ScanApi.write(ctx, ScanApi.pretty(report), args.value("output"));
    } else if (!format.equals("table")) {
      ScanApi.copy(ctx, q.param("format", format).build(), args.value("output"));
    } else {
      report = ScanApi.json(ctx, base);
      ScanApi.warnings(ctx, report);
      String text = quickview ? summary(image, report) : args.bool("layers") ? layers(image, report) : table(image, report);
      ScanApi.write(ctx, text, args.value("output"));
    }
    if (!quickview && args.bool("exit-code")) {
      if (report == null) {
        report = ScanApi.json(ctx, base);
      }
      int limit = SEVERITIES.indexOf(threshold);
      for (Map<String, Object> v : ScanApi.list(report.get("vulnerabilities"))) {
        if (SEVERITIES.indexOf(ScanApi.str(v.get("severity"))) <= limit) {
          return FOUND;
        }
      }
    }
    return 0;
  }

  private static boolean noAdvisories(Map<String, Object> report) {
    return report.get("database") instanceof Map<?, ?> db && ScanApi.num(db.get("version")) == 0;
  }

  private static String counts(Map<String, Object> summaryOrNull, List<Map<String, Object>> vulns) {
    int[] c = new int[SEVERITIES.size()];
    for (Map<String, Object> v : vulns) {
      c[Math.max(0, SEVERITIES.indexOf(ScanApi.str(v.get("severity"))))]++;
    }
    return String.format("%4dC %5dH %5dM %5dL%s", c[0], c[1], c[2], c[3], c[4] > 0 ? String.format(" %5d?", c[4]) : "");
  }

  /** scout quickview's block: the target, its digest, its counts by severity. */
  static String summary(String image, Map<String, Object> report) {
    List<Map<String, Object>> vulns = ScanApi.list(report.get("vulnerabilities"));
    StringBuilder sb = new StringBuilder();
    String id = report.get("image") instanceof Map<?, ?> m ? ScanApi.str(m.get("id")) : "";
    String digest = id.startsWith("sha256:") ? id.substring(7, Math.min(id.length(), 19)) : id;
    int width = Math.max(image.length(), 14);
    sb.append(String.format("    Target     │  %-" + width + "s │ %s%n", image, counts(null, vulns)));
    sb.append(String.format("      digest   │  %-" + width + "s │%n", digest));
    int packages = ScanApi.list(report.get("packages")).size();
    if (noAdvisories(report)) {
      sb.append("\n  No advisories are loaded, so no vulnerabilities can be reported (").append(packages)
          .append(" packages indexed).\n  Load some with: berth scan db update --from FILE|URL\n");
    }
    return sb.toString();
  }

  private static List<Map<String, Object>> sorted(List<Map<String, Object>> vulns) {
    List<Map<String, Object>> out = new ArrayList<>(vulns);
    out.sort(Comparator.comparing((Map<String, Object> v) -> pkg(v, "name"))
        .thenComparing(v -> pkg(v, "version"))
        .thenComparing(v -> SEVERITIES.indexOf(ScanApi.str(v.get("severity"))))
        .thenComparing(v -> ScanApi.str(v.get("id"))));
    return out;
  }

  private static String pkg(Map<String, Object> v, String field) {
    return v.get("package") instanceof Map<?, ?> p ? ScanApi.str(p.get(field)) : "";
  }

  private static String fixed(Map<String, Object> v) {
    String f = ScanApi.str(v.get("fixedVersion"));
    return f.isEmpty() ? "(" + ScanApi.str(v.get("status")) + ")" : f;
  }

  /** The summary, then one block per vulnerable package: its ID, severity, installed and fixed versions and layer. */
  static String table(String image, Map<String, Object> report) {
    StringBuilder sb = new StringBuilder(summary(image, report));
    List<Map<String, Object>> vulns = sorted(ScanApi.list(report.get("vulnerabilities")));
    if (noAdvisories(report)) {
      sb.append('\n');
      TabWriter tw = TabWriter.docker();
      tw.write("PACKAGE\tVERSION\tTYPE\tLAYER\n");
      for (Map<String, Object> p : ScanApi.list(report.get("packages"))) {
        tw.write(ScanApi.str(p.get("name")) + "\t" + ScanApi.str(p.get("version")) + "\t" + ScanApi.str(p.get("type"))
            + "\t" + ScanApi.layer(report, ScanApi.num(p.get("layer")), 60) + "\n");
      }
      return sb.append(tw.flush()).toString();
    }
    long pkgs = vulns.stream().map(v -> pkg(v, "purl")).distinct().count();
    sb.append(String.format("%n    %d vulnerabilit%s found in %d package%s%n%n", vulns.size(),
        vulns.size() == 1 ? "y" : "ies", pkgs, pkgs == 1 ? "" : "s"));
    if (vulns.isEmpty()) {
      return sb.toString();
    }
    TabWriter tw = TabWriter.docker();
    tw.write("PACKAGE\tVULNERABILITY\tSEVERITY\tINSTALLED\tFIXED IN\tLAYER\n");
    String last = null;
    for (Map<String, Object> v : vulns) {
      String key = pkg(v, "purl");
      String shown = key.equals(last) ? "" : pkg(v, "name");
      last = key;
      int layer = v.get("package") instanceof Map<?, ?> p ? ScanApi.num(p.get("layer")) : 0;
      tw.write(shown + "\t" + ScanApi.str(v.get("id")) + "\t" + ScanApi.str(v.get("severity")) + "\t" + pkg(v, "version")
          + "\t" + fixed(v) + "\t" + ScanApi.layer(report, layer, 50) + "\n");
    }
    return sb.append(tw.flush()).toString();
  }

  /** Per layer: the instruction, the packages it introduced and their vulnerabilities. */
  static String layers(String image, Map<String, Object> report) {
    StringBuilder sb = new StringBuilder(summary(image, report));
    List<Map<String, Object>> vulns = sorted(ScanApi.list(report.get("vulnerabilities")));
    for (Map<String, Object> l : ScanApi.list(report.get("layers"))) {
      int index = ScanApi.num(l.get("index"));
      String diff = ScanApi.str(l.get("diffId"));
      sb.append(String.format("%nLayer %d  %s%s%n  %s%n", index, diff.length() > 19 ? diff.substring(0, 19) : diff,
          Boolean.TRUE.equals(l.get("base")) ? "  (base image)" : "",
          ScanApi.str(l.get("createdBy")).isEmpty() ? "(no history)" : ScanApi.str(l.get("createdBy"))));
      List<String> introduced = new ArrayList<>();
      for (Map<String, Object> p : ScanApi.list(report.get("packages"))) {
        if (ScanApi.num(p.get("layer")) == index) {
          introduced.add(ScanApi.str(p.get("name")) + " " + ScanApi.str(p.get("version")));
        }
      }
      List<Map<String, Object>> here = vulns.stream()
          .filter(v -> v.get("package") instanceof Map<?, ?> p && ScanApi.num(p.get("layer")) == index).toList();
      sb.append("  packages introduced: ").append(introduced.size());
      if (!introduced.isEmpty()) {
        sb.append(" (").append(String.join(", ", introduced.size() > 8 ? introduced.subList(0, 8) : introduced))
            .append(introduced.size() > 8 ? ", ..." : "").append(')');
      }
      sb.append("\n  vulnerabilities:    ").append(counts(null, here).strip()).append('\n');
      for (Map<String, Object> v : here) {
        sb.append(String.format("    %-18s %-9s %s %s  fixed in %s%n", ScanApi.str(v.get("id")),
            ScanApi.str(v.get("severity")), pkg(v, "name"), pkg(v, "version"), fixed(v)));
      }
    }
    return sb.toString();
  }
}
