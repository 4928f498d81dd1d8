package dev.berth.cli.command.scan;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.TabWriter;
import dev.berth.cli.json.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code berth scan db update --from FILE|URL} (repeatable) loads advisory data into berthd's
 * database: a file is streamed to the daemon, a URL is fetched by the daemon. {@code berth scan db
 * status} shows what is loaded, from where and how old.
 */
public final class ScanDbCommand implements Command {
  private final boolean update;

  private ScanDbCommand(boolean update) {
    this.update = update;
  }

  public static ScanDbCommand update() {
    return new ScanDbCommand(true);
  }

  public static ScanDbCommand status() {
    return new ScanDbCommand(false);
  }

  @Override
  public Spec spec() {
    if (update) {
      return new Spec("berth scan db update --from FILE|URL [--from ...]",
          "Load advisories (OSV files or all.zip exports, the Debian security tracker's JSON, Alpine secdb)",
          new Options().list("from", "list", "An advisory file or an http(s) URL (repeatable)"), 0, 0);
    }
    return new Spec("berth scan db status [OPTIONS]", "Show what the advisory database holds",
        new Options().value("format", "string", "Output format: table or json (default \"table\")"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    return update ? runUpdate(ctx, args) : runStatus(ctx, args);
  }

  private int runUpdate(Context ctx, ParsedArgs args) throws Exception {
    if (args.list("from").isEmpty()) {
      throw new CliError("Error: berth scan db update needs at least one --from FILE|URL", 1);
    }
    for (String from : args.list("from")) {
      Object answer;
      if (from.startsWith("http://") || from.startsWith("https://")) {
        answer = ctx.client().postJson(Query.path(ScanApi.PREFIX + "/scan/db").param("url", from).build(), null);
      } else {
        Path p = Path.of(from);
        long length;
        InputStream in;
        try {
          length = Files.size(p);
          in = Files.newInputStream(p);
        } catch (NoSuchFileException e) {
          throw new CliError("Error: open " + from + ": no such file or directory", 1);
        }
        String target = Query.path(ScanApi.PREFIX + "/scan/db").param("source", p.toAbsolutePath().toString()).build();
        try (in; HttpResponse r = ctx.client().upload(target, in, length, "application/octet-stream")) {
          answer = Json.parse(r.bytes());
        }
      }
      Map<?, ?> m = (Map<?, ?>) answer;
      ctx.out().println("Loaded " + m.get("records") + " advisories (" + m.get("format") + ") from " + from);
    }
    return 0;
  }

  private int runStatus(Context ctx, ParsedArgs args) throws Exception {
    Map<String, Object> st = ScanApi.json(ctx, ScanApi.PREFIX + "/scan/db");
    if ("json".equals(args.value("format"))) {
      ctx.out().print(ScanApi.pretty(st));
      return 0;
    }
    if (ScanApi.list(st.get("loads")).isEmpty()) {
      ctx.out().println("No advisories are loaded. Load some with: berth scan db update --from FILE|URL");
      return 0;
    }
    TabWriter tw = TabWriter.docker();
    tw.write("SOURCE\tFORMAT\tADVISORIES\tLOADED\n");
    for (Map<String, Object> l : ScanApi.list(st.get("loads"))) {
      tw.write(ScanApi.str(l.get("source")) + "\t" + ScanApi.str(l.get("format")) + "\t" + ScanApi.str(l.get("records"))
          + "\t" + ago(ctx, ScanApi.str(l.get("loadedAt"))) + "\n");
    }
    ctx.out().print(tw.flush());
    ctx.out().println();
    tw.write("ECOSYSTEM\tADVISORIES\n");
    if (st.get("ecosystems") instanceof Map<?, ?> eco) {
      for (Map.Entry<?, ?> e : eco.entrySet()) {
        tw.write(e.getKey() + "\t" + e.getValue() + "\n");
      }
    }
    ctx.out().print(tw.flush());
    return 0;
  }

  private static String ago(Context ctx, String rfc3339) {
    try {
      Duration d = Duration.between(Instant.parse(rfc3339), Instant.ofEpochMilli(ctx.now()));
      return dev.berth.api.HumanDuration.of(d.toMillis()) + " ago";
    } catch (RuntimeException e) {
      return rfc3339;
    }
  }
}
