package dev.berth.compose.command;

import dev.berth.cli.client.DaemonAddress;
import dev.berth.cli.client.DaemonClient;
import dev.berth.compose.engine.Engine;
import dev.berth.compose.engine.Progress;
import dev.berth.compose.load.ComposeException;
import dev.berth.compose.load.LoadOptions;
import dev.berth.compose.load.ProjectLoader;
import dev.berth.compose.model.Project;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a compose command may use: its streams, the environment, the global flags (files,
 * project name, directory, env files, profiles), the project loaded on demand, and the Engine
 * API client (made on first use).
 */
public final class ComposeContext {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final LoadOptions load;
  private final String host;
  private final boolean ttyErr;
  private final boolean ttyOut;
  private Engine engine;

  public ComposeContext(PrintStream out, PrintStream err, Map<String, String> env, LoadOptions load, String host,
      boolean ttyOut, boolean ttyErr) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.load = load;
    this.host = host;
    this.ttyOut = ttyOut;
    this.ttyErr = ttyErr;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public Map<String, String> env() {
    return env;
  }

  public boolean ttyOut() {
    return ttyOut;
  }

  public LoadOptions loadOptions() {
    return load;
  }

  /** The project from its files; services named on the command line are enabled whatever their profiles. */
  public Project project(List<String> services) {
    Project p = new ProjectLoader(w -> err.println("WARN[0000] " + w)).load(load.withServices(services));
    for (String s : services) {
      if (p.service(s) == null) {
        throw new ComposeException("no such service: " + s);
      }
    }
    return p;
  }

  /**
   * The project's name for commands that work from labels alone ({@code down}, {@code ps},
   * {@code logs}): {@code -p} when given without files, else the loaded project's.
   */
  public String projectName() {
    if (load.projectName() != null && load.files().isEmpty() && !hasDefaultFile()) {
      return load.projectName();
    }
    return project(List.of()).name();
  }

  /** The project when its file can be loaded, else null (with {@code -p} given). */
  public Project projectIfAny() {
    if (load.projectName() != null && load.files().isEmpty() && !hasDefaultFile()) {
      return null;
    }
    return project(List.of());
  }

  private boolean hasDefaultFile() {
    if (env.get("COMPOSE_FILE") != null) {
      return true;
    }
    Path dir = load.projectDirectory() != null ? load.cwd().resolve(load.projectDirectory()) : load.cwd();
    for (Path d = dir; d != null; d = d.getParent()) {
      for (String n : List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")) {
        if (Files.isRegularFile(d.resolve(n))) {
          return true;
        }
      }
    }
    return false;
  }

  public Engine engine() {
    if (engine == null) {
      engine = new Engine(new DaemonClient(DaemonAddress.resolve(host, env)));
    }
    return engine;
  }

  public String daemonUri() {
    return DaemonAddress.resolve(host, env).uri();
  }

  public Progress progress(dev.berth.cli.args.ParsedArgs globalOrNull) {
    String mode = env.getOrDefault("COMPOSE_PROGRESS", "auto");
    return new Progress(err, ttyErr && !mode.equals("plain") && !mode.equals("quiet"));
  }
}
