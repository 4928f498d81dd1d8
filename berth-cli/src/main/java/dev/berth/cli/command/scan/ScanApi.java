package dev.berth.cli.command.scan;

import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Context;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CLI side of berthd's scanning endpoints ({@code /berth/v1/...}): queries with the shared
 * filters, the JSON answers as plain maps, and raw documents (SARIF, CycloneDX, SPDX) copied to
 * stdout or a file untouched.
 */
final class ScanApi {
  static final String PREFIX = "/berth/v1";

  private ScanApi() {}

  static String imagePath(String image, String what) {
    return PREFIX + "/images/" + Query.segment(image) + "/" + what;
  }

  /** The filter flags every scan command shares, as query parameters. */
  static Query filters(Query q, ParsedArgs args) {
    for (String s : args.list("only-severity")) {
      q.param("only-severity", s);
    }
    for (String t : args.list("only-package-type")) {
      q.param("only-package-type", t);
    }
    return q.flag("only-fixed", args.bool("only-fixed")).flag("only-unfixed", args.bool("only-unfixed"))
        .flag("ignore-base", args.bool("ignore-base"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(Context ctx, String path) throws IOException {
    return (Map<String, Object>) ctx.client().getJson(path);
  }

  /** Copies the daemon's document to {@code output} (a file) or stdout. */
  static void copy(Context ctx, String path, String output) throws IOException {
    try (HttpResponse r = ctx.client().open("GET", path)) {
      if (output != null && !output.isEmpty()) {
        try (OutputStream o = Files.newOutputStream(Path.of(output))) {
          r.body().transferTo(o);
        }
      } else {
        ctx.out().flush();
        r.body().transferTo(ctx.out());
        ctx.out().println();
      }
    }
  }

  static void write(Context ctx, String text, String output) throws IOException {
    if (output != null && !output.isEmpty()) {
      Files.writeString(Path.of(output), text);
    } else {
      ctx.out().print(text);
    }
  }

  static String pretty(Object o) {
    return dev.berth.cli.json.JsonIndent.indent(Json.write(o), "  ") + "\n";
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object e : l) {
        if (e instanceof Map<?, ?> m) {
          out.add((Map<String, Object>) m);
        }
      }
    }
    return out;
  }

  static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  static int num(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }

  static void warnings(Context ctx, Map<String, Object> report) {
    if (report.get("warnings") instanceof List<?> w) {
      for (Object x : w) {
        ctx.err().println("WARNING: " + x);
      }
    }
  }

  /** A layer as people read it: its number and the instruction that made it, cut to fit a table. */
  static String layer(Map<String, Object> report, int index, int width) {
    for (Map<String, Object> l : list(report.get("layers"))) {
      if (num(l.get("index")) == index) {
        String by = str(l.get("createdBy")).replace("/bin/sh -c #(nop) ", "").replace("/bin/sh -c ", "RUN ")
            .replaceAll("\\s+", " ").strip();
        String text = index + (by.isEmpty() ? "" : " " + by);
        return text.length() > width ? text.substring(0, width - 1) + "…" : text;
      }
    }
    return Integer.toString(index);
  }
}
