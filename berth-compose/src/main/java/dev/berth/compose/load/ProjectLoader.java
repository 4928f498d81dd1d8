package dev.berth.compose.load;

import dev.berth.compose.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Loads a project as compose v2 does: find the files ({@code -f}, {@code COMPOSE_FILE}, or the
 * first of compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml here or in a
 * parent directory, plus its {@code .override} file), read {@code .env}, then per file YAML →
 * interpolation → extends; then include, merge of the files in order, schema check, profiles,
 * the project name, and the canonical model.
 */
public final class ProjectLoader {
  static final List<String> DEFAULT_FILES = List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");

  private final Consumer<String> warn;

  public ProjectLoader(Consumer<String> warn) {
    this.warn = warn;
  }

  public Project load(LoadOptions opts) {
    Map<String, String> processEnv = opts.env();
    List<Path> files = files(opts, processEnv);
    Path dir = opts.projectDirectory() != null ? opts.cwd().resolve(opts.projectDirectory()).normalize()
        : files.get(0).getParent();
    Map<String, String> dotenv = dotenv(opts, dir, processEnv);
    Map<String, String> environment = new LinkedHashMap<>(dotenv);
    environment.putAll(processEnv);
    Function<String, String> lookup = environment::get;
    Interpolation interp = new Interpolation(lookup, warn);
    Map<String, Object> merged = null;
    for (Path f : files) {
      Map<String, Object> m = readOne(f, interp);
      m = includes(m, f, opts);
      merged = merged == null ? m : Merge.files(merged, m);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> model = (Map<String, Object>) Merge.strip(merged);
    model.remove("version");
    model.remove("include");
    SchemaCheck.validate(model, processEnv);
    String name = projectName(opts, environment, model, dir);
    applyProfiles(model, opts, environment);
    Map<String, Object> canonical = new Normalize(name, dir, lookup).apply(model);
    Dependencies.check(canonical);
    return new Project(name, dir, files, canonical, environment);
  }

  private Map<String, Object> readOne(Path f, Interpolation interp) {
    Extends ext = new Extends((p, label) -> interpolated(p, interp));
    return ext.apply(interpolated(f, interp), f);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> interpolated(Path f, Interpolation interp) {
    String text;
    try {
      text = Files.readString(f);
    } catch (IOException e) {
      throw new ComposeException("open " + f + ": no such file or directory");
    }
    return (Map<String, Object>) interp.apply(YamlReader.read(text, f.toString()), "");
  }

  /** {@code include:} loads each listed project with its own directory and adds its resources; a clash is an error. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> includes(Map<String, Object> m, Path file, LoadOptions opts) {
    Object inc = m.get("include");
    if (inc == null) {
      return m;
    }
    Map<String, Object> out = new LinkedHashMap<>(m);
    for (Object o : Types.list(inc, "include")) {
      List<String> paths = new ArrayList<>();
      String projectDir = null;
      if (o instanceof String s) {
        paths.add(s);
      } else {
        Map<String, Object> e = Types.map(o, "include");
        paths.addAll(Types.strings(e.get("path"), "include.path"));
        projectDir = e.get("project_directory") == null ? null : String.valueOf(e.get("project_directory"));
      }
      List<String> abs = new ArrayList<>();
      for (String p : paths) {
        abs.add(file.getParent().resolve(p).normalize().toString());
      }
      Path first = Path.of(abs.get(0));
      Path dir = projectDir == null ? first.getParent() : file.getParent().resolve(projectDir).normalize();
      LoadOptions sub = new LoadOptions(abs, null, null, List.of(), List.of(), dir, opts.env(), List.of());
      Map<String, Object> incModel = null;
      Interpolation interp = new Interpolation(k -> opts.env().get(k), warn);
      for (String p : abs) {
        Map<String, Object> one = readOne(Path.of(p), interp);
        one = includes(one, Path.of(p), sub);
        incModel = incModel == null ? one : Merge.files(incModel, one);
      }
      incModel = (Map<String, Object>) Merge.strip(incModel);
      rebaseServices(incModel, dir);
      for (String section : List.of("services", "networks", "volumes", "secrets", "configs")) {
        Map<String, Object> add = Types.map(incModel.get(section), section);
        if (add.isEmpty()) {
          continue;
        }
        Map<String, Object> mine = new LinkedHashMap<>(Types.map(out.get(section), section));
        for (Map.Entry<String, Object> e : add.entrySet()) {
          if (mine.containsKey(e.getKey())) {
            throw new ComposeException("imported compose file " + first + " defines conflicting " + section + " "
                + e.getKey());
          }
          mine.put(e.getKey(), e.getValue());
        }
        out.put(section, mine);
      }
    }
    return out;
  }

  /** An included project's relative paths are relative to its own directory: make them absolute now. */
  @SuppressWarnings("unchecked")
  private static void rebaseServices(Map<String, Object> model, Path dir) {
    for (Map.Entry<String, Object> e : Types.map(model.get("services"), "services").entrySet()) {
      Map<String, Object> svc = (Map<String, Object>) e.getValue();
      if (svc == null) {
        continue;
      }
      Object b = svc.get("build");
      if (b instanceof String s) {
        svc.put("build", dir.resolve(s).normalize().toString());
      } else if (b instanceof Map<?, ?> bm) {
        Map<String, Object> nb = new LinkedHashMap<>((Map<String, Object>) bm);
        nb.put("context", dir.resolve(String.valueOf(nb.getOrDefault("context", "."))).normalize().toString());
        svc.put("build", nb);
      }
      if (svc.get("volumes") instanceof List<?> vols) {
        List<Object> nv = new ArrayList<>();
        for (Object v : vols) {
          if (v instanceof String s && s.startsWith(".")) {
            int c = s.indexOf(':');
            nv.add(c < 0 ? s : dir.resolve(s.substring(0, c)).normalize() + s.substring(c));
          } else {
            nv.add(v);
          }
        }
        svc.put("volumes", nv);
      }
    }
  }

  private static List<Path> files(LoadOptions opts, Map<String, String> env) {
    List<Path> out = new ArrayList<>();
    List<String> given = opts.files();
    if (given.isEmpty() && env.get("COMPOSE_FILE") != null && !env.get("COMPOSE_FILE").isBlank()) {
      given = List.of(env.get("COMPOSE_FILE").split(env.getOrDefault("COMPOSE_PATH_SEPARATOR", ":")));
    }
    if (!given.isEmpty()) {
      for (String f : given) {
        Path p = opts.cwd().resolve(f).normalize();
        if (!Files.exists(p)) {
          throw new ComposeException("open " + p + ": no such file or directory");
        }
        out.add(p);
      }
      return out;
    }
    Path dir = opts.projectDirectory() != null ? opts.cwd().resolve(opts.projectDirectory()) : opts.cwd();
    for (Path d = dir; d != null; d = d.getParent()) {
      for (String name : DEFAULT_FILES) {
        Path p = d.resolve(name);
        if (Files.isRegularFile(p)) {
          out.add(p);
          int dot = name.lastIndexOf('.');
          Path override = d.resolve(name.substring(0, dot) + ".override" + name.substring(dot));
          if (Files.isRegularFile(override)) {
            out.add(override);
          }
          return out;
        }
      }
    }
    throw new ComposeException("no configuration file provided: not found");
  }

  private static Map<String, String> dotenv(LoadOptions opts, Path dir, Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!opts.envFiles().isEmpty()) {
      for (String f : opts.envFiles()) {
        out.putAll(DotEnv.read(opts.cwd().resolve(f), k -> out.getOrDefault(k, env.get(k))));
      }
      return out;
    }
    String disabled = env.get("COMPOSE_DISABLE_ENV_FILE");
    Path dotenv = dir.resolve(".env");
    if ((disabled == null || !List.of("1", "true", "TRUE", "True").contains(disabled)) && Files.isRegularFile(dotenv)) {
      out.putAll(DotEnv.read(dotenv, env::get));
    }
    return out;
  }

  private static String projectName(LoadOptions opts, Map<String, String> env, Map<String, Object> model, Path dir) {
    if (opts.projectName() != null && !opts.projectName().isEmpty()) {
      return ProjectName.checked(opts.projectName());
    }
    String fromEnv = env.get("COMPOSE_PROJECT_NAME");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return ProjectName.checked(fromEnv);
    }
    if (model.get("name") instanceof String n && !n.isEmpty()) {
      return ProjectName.checked(n);
    }
    String derived = ProjectName.fromDirectory(dir.getFileName() == null ? "default" : dir.getFileName().toString());
    if (derived.isEmpty()) {
      throw new ComposeException("project name must not be empty");
    }
    return derived;
  }

  /** Services with profiles run only when one of them is active, or when named on the command line. */
  @SuppressWarnings("unchecked")
  private static void applyProfiles(Map<String, Object> model, LoadOptions opts, Map<String, String> env) {
    Set<String> active = new HashSet<>(opts.profiles());
    if (active.isEmpty() && env.get("COMPOSE_PROFILES") != null) {
      for (String p : env.get("COMPOSE_PROFILES").split(",")) {
        if (!p.isBlank()) {
          active.add(p.strip());
        }
      }
    }
    Object services = model.get("services");
    if (!(services instanceof Map<?, ?>)) {
      return;
    }
    Map<String, Object> svcs = new LinkedHashMap<>((Map<String, Object>) services);
    svcs.entrySet().removeIf(e -> {
      if (!(e.getValue() instanceof Map<?, ?> s) || s.get("profiles") == null) {
        return false;
      }
      List<String> profiles = Types.strings(s.get("profiles"), "services." + e.getKey() + ".profiles");
      return !active.contains("*") && profiles.stream().noneMatch(active::contains)
          && !opts.services().contains(e.getKey());
    });
    model.put("services", svcs);
  }
}
