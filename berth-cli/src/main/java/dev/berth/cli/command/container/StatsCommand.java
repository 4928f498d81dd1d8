package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.JsonStream;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.ListFormat;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code berth stats}: docker's table of CPU %, memory, network and block I/O and PIDs per
 * container. Every container is fetched on its own connection at the same time, so twenty
 * containers take as long as one. Streaming redraws the table in place twice a second, as docker
 * does; without names it follows the running containers (re-listed every two seconds).
 */
public final class StatsCommand implements Command {
  private static final long REDRAW_MS = 500;
  private static final long RELIST_MS = 2000;

  @Override
  public Spec spec() {
    return new Spec("berth stats [OPTIONS] [CONTAINER...]", "Display a live stream of container(s) resource usage statistics",
        new Options()
            .bool('a', "all", "Show all containers (default shows just running)")
            .value("format", "string", "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
            .bool("no-stream", "Disable streaming stats and only pull the first result")
            .bool("no-trunc", "Do not truncate output"), 0, Spec.ANY);
  }

  /** A container to show: what to call it in the Container column, and what to ask the daemon for. */
  private record Target(String label, String ref) {}

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    DaemonClient client = ctx.client();
    boolean trunc = !args.bool("no-trunc");
    List<String> names = args.positional();
    List<Target> targets = names.isEmpty() ? listed(client, args.bool("all"), trunc) : named(client, names);
    if (args.bool("no-stream")) {
      ctx.out().print(render(args, once(client, targets, trunc)));
      ctx.out().flush();
      return 0;
    }
    stream(ctx, args, targets, names.isEmpty(), trunc);
    return 0;
  }

  private static List<Target> named(DaemonClient client, List<String> names) throws IOException {
    List<Target> out = new ArrayList<>();
    for (String n : names) {
      client.getJson(Containers.path(n) + "/json"); // a missing container is an error before any output
      out.add(new Target(n, n));
    }
    return out;
  }

  private static List<Target> listed(DaemonClient client, boolean all, boolean trunc) throws IOException {
    List<Target> out = new ArrayList<>();
    if (client.getJson(Query.path("/containers/json").flag("all", all).build()) instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m && m.get("Id") instanceof String id) {
          out.add(new Target(trunc ? id.substring(0, Math.min(12, id.length())) : id, id));
        }
      }
    }
    return out;
  }

  /** One frame per container, all fetched at once. */
  private static List<StatsRow> once(DaemonClient client, List<Target> targets, boolean trunc) throws Exception {
    List<StatsRow> rows = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<StatsRow>> futures = new ArrayList<>();
      for (Target t : targets) {
        futures.add(pool.submit(() -> {
          String path = Query.path(Containers.path(t.ref()) + "/stats").param("stream", "0").build();
          return StatsRow.of(t.label(), (Map<?, ?>) client.getJson(path), trunc);
        }));
      }
      for (Future<StatsRow> f : futures) {
        try {
          rows.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw e;
        }
      }
    }
    return rows;
  }

  private static String render(ParsedArgs args, List<StatsRow> rows) {
    return ListFormat.render(args.value("format"), StatsRow.DEFAULT_TABLE, StatsRow.HEADERS, rows);
  }

  /** Streams every target on its own connection and redraws the table until interrupted. */
  private static void stream(Context ctx, ParsedArgs args, List<Target> initial, boolean follow, boolean trunc)
      throws Exception {
    DaemonClient client = ctx.client();
    Map<String, StatsRow> latest = new ConcurrentHashMap<>();
    Map<String, Target> shown = new LinkedHashMap<>();
    Map<String, Thread> readers = new ConcurrentHashMap<>();
    PrintStream out = ctx.out();
    out.print("\033[2J");
    long lastList = System.currentTimeMillis();
    List<Target> targets = initial;
    while (true) {
      synchronized (shown) {
        List<String> keep = targets.stream().map(Target::ref).toList();
        shown.keySet().retainAll(keep);
        for (Target t : targets) {
          shown.putIfAbsent(t.ref(), t);
          readers.computeIfAbsent(t.ref(), ref -> Thread.ofVirtual().start(() -> follow(client, t, trunc, latest)));
        }
      }
      List<StatsRow> rows = new ArrayList<>();
      for (Target t : shown.values()) {
        rows.add(latest.getOrDefault(t.ref(), StatsRow.invalid(t.label(), t.ref(), "", trunc)));
      }
      StringBuilder screen = new StringBuilder("\033[H");
      for (String line : render(args, rows).split("\n", -1)) {
        if (!line.isEmpty()) {
          screen.append(line).append("\033[K\n");
        }
      }
      screen.append("\033[J");
      out.print(screen);
      out.flush();
      if (out.checkError()) {
        return;
      }
      Thread.sleep(REDRAW_MS);
      if (follow && System.currentTimeMillis() - lastList >= RELIST_MS) {
        lastList = System.currentTimeMillis();
        targets = listed(client, args.bool("all"), trunc);
        for (String gone : new ArrayList<>(readers.keySet())) {
          if (targets.stream().noneMatch(t -> t.ref().equals(gone))) {
            readers.remove(gone).interrupt();
            latest.remove(gone);
          }
        }
      }
    }
  }

  private static void follow(DaemonClient client, Target t, boolean trunc, Map<String, StatsRow> latest) {
    String path = Query.path(Containers.path(t.ref()) + "/stats").param("stream", "1").build();
    try (HttpResponse r = client.open("GET", path)) {
      JsonStream frames = new JsonStream(r.body());
      String text;
      while ((text = frames.next()) != null && !Thread.currentThread().isInterrupted()) {
        if (Json.parse(text) instanceof Map<?, ?> frame) {
          latest.put(t.ref(), StatsRow.of(t.label(), frame, trunc));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the container went away: its row shows dashes until the next listing drops it
    }
    latest.remove(t.ref());
  }
}
