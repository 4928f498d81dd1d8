package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.compose.engine.Engine;
import dev.berth.compose.engine.Progress;
import dev.berth.compose.engine.ProjectContainers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code start}, {@code stop}, {@code restart}, {@code kill}, {@code pause}, {@code unpause} and
 * {@code rm} on the project's service containers, found by label, with compose's progress lines.
 */
final class LifecycleCommand implements ComposeCommand {
  private final String word;

  LifecycleCommand(String word) {
    this.word = word;
  }

  @Override
  public String usage() {
    return word + " [OPTIONS] [SERVICE...]";
  }

  @Override
  public String description() {
    return switch (word) {
      case "start" -> "Start services";
      case "stop" -> "Stop services";
      case "restart" -> "Restart service containers";
      case "kill" -> "Force stop service containers";
      case "pause" -> "Pause services";
      case "unpause" -> "Unpause services";
      default -> "Removes stopped service containers";
    };
  }

  @Override
  public Options options() {
    Options o = new Options();
    switch (word) {
      case "stop", "restart" -> o.value('t', "timeout", "int", "Specify a shutdown timeout in seconds");
      case "kill" -> o.value('s', "signal", "string", "SIGNAL to send to the container").bool("remove-orphans",
          "Remove containers for services not defined in the Compose file");
      case "rm" -> o.bool('f', "force", "Don't ask to confirm removal").bool('s', "stop", "Stop the containers, if required, before removing")
          .bool('v', "volumes", "Remove any anonymous volumes attached to containers");
      default -> { }
    }
    return o;
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    String project = ctx.projectName();
    List<String> services = args.positional();
    if (!services.isEmpty()) {
      ctx.project(services);
    }
    Engine engine = ctx.engine();
    Progress progress = ctx.progress(args);
    List<Map<String, Object>> chosen = new ArrayList<>();
    for (Map<String, Object> c : ProjectContainers.of(engine, project, true)) {
      if (services.isEmpty() || services.contains(ProjectContainers.service(c))) {
        chosen.add(c);
      }
    }
    if (word.equals("rm")) {
      return remove(ctx, args, engine, progress, chosen);
    }
    // stop goes dependants first, like down; the others act on all containers at once
    List<List<Map<String, Object>>> waves = word.equals("stop") || word.equals("kill")
        ? dev.berth.compose.engine.Down.reverseDependencyWaves(chosen) : List.of(chosen);
    for (List<Map<String, Object>> wave : waves) {
      List<Thread> threads = new ArrayList<>();
      List<Exception> failures = new ArrayList<>();
      for (Map<String, Object> c : wave) {
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            one(engine, progress, c, args);
          } catch (IOException | RuntimeException e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      if (!failures.isEmpty()) {
        Exception e = failures.get(0);
        throw e instanceof IOException io ? io : (RuntimeException) e;
      }
    }
    return 0;
  }

  private void one(Engine engine, Progress progress, Map<String, Object> c, ParsedArgs args) throws IOException {
    String name = ProjectContainers.name(c);
    String path = "/containers/" + Query.segment(ProjectContainers.id(c));
    String state = String.valueOf(c.get("State"));
    switch (word) {
      case "start" -> {
        if (state.equals("running")) {
          return;
        }
        progress.working("Container", name, "Starting");
        engine.start(ProjectContainers.id(c));
        progress.done("Container", name, "Started");
      }
      case "stop" -> {
        progress.working("Container", name, "Stopping");
        engine.stop(ProjectContainers.id(c), timeout(args));
        progress.done("Container", name, "Stopped");
      }
      case "restart" -> {
        progress.working("Container", name, "Restarting");
        Query q = Query.path(path + "/restart");
        if (timeout(args) != null) {
          q.param("t", timeout(args));
        }
        engine.client().post(q.build());
        progress.done("Container", name, "Started");
      }
      case "kill" -> {
        if (!state.equals("running")) {
          return;
        }
        progress.working("Container", name, "Killing");
        engine.client().post(Query.path(path + "/kill").param("signal", args.value("signal", "SIGKILL")).build());
        progress.done("Container", name, "Killed");
      }
      case "pause" -> {
        progress.working("Container", name, "Pausing");
        engine.client().post(path + "/pause");
        progress.done("Container", name, "Paused");
      }
      case "unpause" -> {
        progress.working("Container", name, "Unpausing");
        engine.client().post(path + "/unpause");
        progress.done("Container", name, "Unpaused");
      }
      default -> throw new IllegalStateException(word);
    }
  }

  private int remove(ComposeContext ctx, ParsedArgs args, Engine engine, Progress progress, List<Map<String, Object>> chosen)
      throws IOException {
    List<Map<String, Object>> stopped = new ArrayList<>();
    for (Map<String, Object> c : chosen) {
      if (args.bool("stop") && ProjectContainers.running(c)) {
        progress.working("Container", ProjectContainers.name(c), "Stopping");
        engine.stop(ProjectContainers.id(c), null);
        progress.done("Container", ProjectContainers.name(c), "Stopped");
        stopped.add(c);
      } else if (!"running".equals(c.get("State")) && !"paused".equals(c.get("State"))) {
        stopped.add(c);
      }
    }
    if (stopped.isEmpty()) {
      ctx.err().println("No stopped containers");
      return 0;
    }
    if (!args.bool("force")) {
      List<String> names = new ArrayList<>();
      for (Map<String, Object> c : stopped) {
        names.add(ProjectContainers.name(c));
      }
      ctx.err().print("Going to remove " + String.join(", ", names) + "\n? Are you sure? (y/N) ");
      ctx.err().flush();
      int ch = System.in.read();
      if (ch != 'y' && ch != 'Y') {
        return 0;
      }
    }
    for (Map<String, Object> c : stopped) {
      progress.working("Container", ProjectContainers.name(c), "Removing");
      engine.remove(ProjectContainers.id(c), args.bool("volumes"));
      progress.done("Container", ProjectContainers.name(c), "Removed");
    }
    return 0;
  }

  private static Integer timeout(ParsedArgs args) {
    return args.value("timeout") == null ? null : Integer.valueOf(args.value("timeout"));
  }
}
