package dev.berth.compose.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns the merged model into compose's canonical long syntax, the form {@code config} prints and
 * the engine reads: services sorted by name with their keys sorted, environment and labels as
 * mappings of strings, commands as word lists, ports and volumes in long syntax, relative paths
 * made absolute against the project directory, every resource with its real name
 * ({@code proj_key} unless {@code name:} or {@code external}), and the {@code default} network
 * only when a service is on it.
 */
public final class Normalize {
  private final String project;
  private final Path dir;
  private final Function<String, String> env;

  public Normalize(String project, Path dir, Function<String, String> env) {
    this.project = project;
    this.dir = dir;
    this.env = env;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> apply(Map<String, Object> model) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", project);
    Map<String, Object> services = new TreeMap<>();
    boolean usesDefault = false;
    for (Map.Entry<String, Object> e : Types.map(model.get("services"), "services").entrySet()) {
      Map<String, Object> svc = service(e.getKey(), Types.map(e.getValue(), "services." + e.getKey()));
      services.put(e.getKey(), svc);
      if (svc.get("networks") instanceof Map<?, ?> nets && nets.containsKey("default")) {
        usesDefault = true;
      }
    }
    out.put("services", new LinkedHashMap<>(services));
    Map<String, Object> networks = resources(model.get("networks"), "networks");
    if (usesDefault && !networks.containsKey("default")) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", project + "_default");
      networks.put("default", d);
    }
    for (Map.Entry<String, Object> s : services.entrySet()) {
      if (((Map<String, Object>) s.getValue()).get("networks") instanceof Map<?, ?> nets) {
        for (Object n : nets.keySet()) {
          if (!networks.containsKey(String.valueOf(n))) {
            throw new ComposeException("service \"" + s.getKey() + "\" refers to undefined network " + n + ": invalid compose project");
          }
        }
      }
    }
    if (!networks.isEmpty()) {
      out.put("networks", new LinkedHashMap<>(new TreeMap<>(networks)));
    }
    Map<String, Object> volumes = resources(model.get("volumes"), "volumes");
    for (Map.Entry<String, Object> s : services.entrySet()) {
      for (Object v : (List<Object>) ((Map<String, Object>) s.getValue()).getOrDefault("volumes", List.of())) {
        Map<String, Object> m = (Map<String, Object>) v;
        if ("volume".equals(m.get("type")) && m.get("source") != null && !volumes.containsKey((String) m.get("source"))) {
          throw new ComposeException("service \"" + s.getKey() + "\" refers to undefined volume " + m.get("source")
              + ": invalid compose project");
        }
      }
    }
    if (!volumes.isEmpty()) {
      out.put("volumes", new LinkedHashMap<>(new TreeMap<>(volumes)));
    }
    for (String kind : List.of("secrets", "configs")) {
      if (model.get(kind) != null) {
        Map<String, Object> defs = new TreeMap<>();
        for (Map.Entry<String, Object> e : Types.map(model.get(kind), kind).entrySet()) {
          Map<String, Object> d = new LinkedHashMap<>(Types.map(e.getValue(), kind + "." + e.getKey()));
          if (d.get("file") instanceof String f) {
            d.put("file", absolute(f));
          }
          if (!Boolean.TRUE.equals(d.get("external")) && d.get("name") == null) {
            d.put("name", project + "_" + e.getKey());
          }
          defs.put(e.getKey(), d);
        }
        out.put(kind, new LinkedHashMap<>(defs));
      }
    }
    for (Map.Entry<String, Object> e : model.entrySet()) {
      if (e.getKey().startsWith("x-")) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private Map<String, Object> resources(Object defs, String kind) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (defs == null) {
      return out;
    }
    for (Map.Entry<String, Object> e : Types.map(defs, kind).entrySet()) {
      Map<String, Object> d = e.getValue() == null ? new LinkedHashMap<>()
          : new LinkedHashMap<>(Types.map(e.getValue(), kind + "." + e.getKey()));
      Object ext = d.get("external");
      if (ext instanceof Map<?, ?> m && m.get("name") != null) {
        d.put("name", String.valueOf(m.get("name")));
        d.put("external", true);
      }
      if (d.get("labels") != null) {
        d.put("labels", stringMap(d.get("labels"), kind + "." + e.getKey() + ".labels"));
      }
      if (d.get("name") == null) {
        d.put("name", Boolean.TRUE.equals(d.get("external")) ? e.getKey() : project + "_" + e.getKey());
      }
      out.put(e.getKey(), new LinkedHashMap<>(new TreeMap<>(d)));
    }
    return out;
  }

  private Map<String, Object> service(String name, Map<String, Object> raw) {
    String p = "services." + name;
    Map<String, Object> s = new TreeMap<>();
    Map<String, Object> environment = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String k = e.getKey();
      Object v = e.getValue();
      String kp = p + "." + k;
      if (v == null) {
        continue;
      }
      switch (k) {
        case "build" -> s.put(k, build(v, kp));
        case "command", "entrypoint" -> s.put(k, v instanceof String str ? ShellWords.split(str) : Types.strings(v, kp));
        case "environment" -> environment.putAll(environment(v, kp));
        case "env_file" -> s.put(k, envFiles(v, kp));
        case "labels", "sysctls", "annotations" -> s.put(k, stringMap(v, kp));
        case "ports" -> s.put(k, Ports.parse(Types.list(v, kp), kp));
        case "expose" -> s.put(k, Types.strings(v, kp));
        case "volumes" -> s.put(k, volumes(Types.list(v, kp), kp));
        case "networks" -> s.put(k, networks(v, kp));
        case "depends_on" -> s.put(k, dependsOn(v, kp));
        case "healthcheck" -> s.put(k, healthcheck(Types.map(v, kp)));
        case "secrets", "configs" -> s.put(k, fileRefs(Types.list(v, kp), k, kp));
        case "dns", "dns_search", "tmpfs", "cap_add", "cap_drop", "security_opt", "profiles", "devices", "dns_opt",
            "external_links", "links", "group_add" -> s.put(k, Types.strings(v, kp));
        case "extra_hosts" -> s.put(k, extraHosts(v, kp));
        case "extends" -> { }
        default -> s.put(k, v);
      }
    }
    if (s.get("env_file") instanceof List<?> files) {
      Map<String, Object> fromFiles = new LinkedHashMap<>();
      for (Object f : files) {
        Map<?, ?> ref = (Map<?, ?>) f;
        Path path = Path.of(String.valueOf(ref.get("path")));
        if (!java.nio.file.Files.exists(path) && Boolean.FALSE.equals(ref.get("required"))) {
          continue;
        }
        fromFiles.putAll(DotEnv.read(path, env));
      }
      fromFiles.putAll(environment);
      environment = fromFiles;
    }
    if (!environment.isEmpty()) {
      s.put("environment", new LinkedHashMap<>(new TreeMap<>(environment)));
    }
    if (s.get("networks") == null && s.get("network_mode") == null) {
      Map<String, Object> nets = new LinkedHashMap<>();
      nets.put("default", null);
      s.put("networks", nets);
    }
    if (s.get("scale") instanceof Number sc && s.get("deploy") instanceof Map<?, ?> dep
        && dep.get("replicas") instanceof Number rep && sc.longValue() != rep.longValue()) {
      throw new ComposeException("services." + name + ": can't set distinct values on 'scale' and 'deploy.replicas': "
          + "invalid compose project");
    }
    if (s.get("build") != null && s.get("image") == null) {
      s.put("image", project + "-" + name);
    }
    if (s.get("image") == null && s.get("build") == null) {
      throw new ComposeException("service \"" + name + "\" has neither an image nor a build context specified: invalid compose project");
    }
    return new LinkedHashMap<>(s);
  }

  private Map<String, Object> build(Object v, String kp) {
    Map<String, Object> b = new TreeMap<>();
    if (v instanceof String ctx) {
      b.put("context", ctx);
    } else {
      b.putAll(Types.map(v, kp));
    }
    b.putIfAbsent("context", ".");
    String ctx = String.valueOf(b.get("context"));
    if (!ctx.contains("://") && !ctx.startsWith("git@")) {
      b.put("context", absolute(ctx));
    }
    b.putIfAbsent("dockerfile", "Dockerfile");
    if (b.get("args") != null) {
      b.put("args", stringMap(b.get("args"), kp + ".args"));
    }
    if (b.get("labels") != null) {
      b.put("labels", stringMap(b.get("labels"), kp + ".labels"));
    }
    return new LinkedHashMap<>(b);
  }

  private Map<String, Object> environment(Object v, String kp) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        String s = Types.scalar(o, kp);
        int eq = s.indexOf('=');
        if (eq < 0) {
          out.put(s, env.apply(s));
        } else {
          out.put(s.substring(0, eq), s.substring(eq + 1));
        }
      }
      return out;
    }
    for (Map.Entry<String, Object> e : Types.map(v, kp).entrySet()) {
      out.put(e.getKey(), e.getValue() == null ? env.apply(e.getKey()) : Types.scalar(e.getValue(), kp + "." + e.getKey()));
    }
    return out;
  }

  private List<Object> envFiles(Object v, String kp) {
    List<Object> out = new ArrayList<>();
    for (Object o : v instanceof String ? List.of(v) : Types.list(v, kp)) {
      Map<String, Object> ref = new LinkedHashMap<>();
      if (o instanceof Map<?, ?> m) {
        ref.put("path", absolute(String.valueOf(m.get("path"))));
        ref.put("required", !Boolean.FALSE.equals(m.get("required")));
      } else {
        ref.put("path", absolute(String.valueOf(o)));
        ref.put("required", true);
      }
      out.add(ref);
    }
    return out;
  }

  private List<Object> volumes(List<Object> l, String kp) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      Object o = l.get(i);
      Map<String, Object> m;
      if (o instanceof String s) {
        m = shortVolume(s, kp + "[" + i + "]");
      } else {
        m = new LinkedHashMap<>(Types.map(o, kp + "[" + i + "]"));
        if (m.get("target") == null) {
          throw new ComposeException(kp + "[" + i + "].target is required");
        }
        m.putIfAbsent("type", "volume");
        if ("bind".equals(m.get("type")) && m.get("source") instanceof String src) {
          m.put("source", absolute(src));
        }
      }
      out.add(new LinkedHashMap<>(new TreeMap<>(m)));
    }
    return out;
  }

  private Map<String, Object> shortVolume(String s, String kp) {
    String[] parts = splitVolume(s);
    Map<String, Object> m = new LinkedHashMap<>();
    if (parts.length == 1) {
      m.put("type", "volume");
      m.put("target", parts[0]);
      return m;
    }
    String src = parts[0];
    boolean bind = src.startsWith(".") || src.startsWith("/") || src.startsWith("~");
    m.put("type", bind ? "bind" : "volume");
    m.put("source", bind ? absolute(src) : src);
    m.put("target", parts[1]);
    if (parts.length > 2) {
      for (String opt : parts[2].split(",")) {
        switch (opt) {
          case "ro" -> m.put("read_only", true);
          case "rw" -> { }
          case "z", "Z" -> m.put("bind", Map.of("selinux", opt));
          case "nocopy" -> m.put("volume", Map.of("nocopy", true));
          default -> {
            if (!opt.matches("r?(shared|slave|private)")) {
              throw new ComposeException(kp + ": invalid volume option \"" + opt + "\" in " + s);
            }
            m.put("bind", Map.of("propagation", opt));
          }
        }
      }
    }
    if (bind && !m.containsKey("bind")) {
      m.put("bind", Map.of("create_host_path", true));
    }
    return m;
  }

  /** {@code src:dst[:opts]}, {@code dst}; a Windows drive letter is not a separator here. */
  static String[] splitVolume(String s) {
    return s.split(":", 3);
  }

  private Map<String, Object> networks(Object v, String kp) {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, Object> e : listToNullMap(v).entrySet()) {
      if (e.getValue() == null) {
        out.put(e.getKey(), null);
      } else {
        Map<String, Object> n = new TreeMap<>(Types.map(e.getValue(), kp + "." + e.getKey()));
        if (n.get("aliases") != null) {
          n.put("aliases", Types.strings(n.get("aliases"), kp + "." + e.getKey() + ".aliases"));
        }
        out.put(e.getKey(), new LinkedHashMap<>(n));
      }
    }
    return new LinkedHashMap<>(out);
  }

  private Map<String, Object> dependsOn(Object v, String kp) {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, Object> e : listToNullMap(v).entrySet()) {
      Map<String, Object> d = new LinkedHashMap<>();
      Map<String, Object> given = e.getValue() == null ? Map.of() : Types.map(e.getValue(), kp + "." + e.getKey());
      String cond = String.valueOf(given.getOrDefault("condition", "service_started"));
      if (!List.of("service_started", "service_healthy", "service_completed_successfully").contains(cond)) {
        throw new ComposeException(kp + "." + e.getKey() + ".condition must be one of the following: "
            + "\"service_started\", \"service_healthy\", \"service_completed_successfully\"");
      }
      d.put("condition", cond);
      if (given.get("restart") != null) {
        d.put("restart", given.get("restart"));
      }
      d.put("required", !Boolean.FALSE.equals(given.get("required")));
      out.put(e.getKey(), d);
    }
    return new LinkedHashMap<>(out);
  }

  private Map<String, Object> healthcheck(Map<String, Object> h) {
    Map<String, Object> out = new TreeMap<>(h);
    if (out.get("test") instanceof String s) {
      out.put("test", new ArrayList<>(List.of("CMD-SHELL", s)));
    }
    return new LinkedHashMap<>(out);
  }

  private List<Object> fileRefs(List<Object> l, String kind, String kp) {
    List<Object> out = new ArrayList<>();
    for (Object o : l) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (o instanceof String s) {
        m.put("source", s);
      } else {
        m.putAll(Types.map(o, kp));
      }
      out.add(m);
    }
    return out;
  }

  private List<Object> extraHosts(Object v, String kp) {
    List<Object> out = new ArrayList<>();
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.add(e.getKey() + ":" + e.getValue());
      }
      return out;
    }
    for (String s : Types.strings(v, kp)) {
      int eq = s.indexOf('=');
      out.add(eq > 0 ? s.substring(0, eq) + ":" + s.substring(eq + 1) : s);
    }
    return out;
  }

  private Map<String, Object> stringMap(Object v, String kp) {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, Object> e : listToMap(v).entrySet()) {
      out.put(e.getKey(), e.getValue() == null ? "" : Types.scalar(e.getValue(), kp + "." + e.getKey()));
    }
    return new LinkedHashMap<>(out);
  }

  private String absolute(String p) {
    if (p.startsWith("~")) {
      String home = env.apply("HOME");
      p = (home == null ? System.getProperty("user.home") : home) + p.substring(1);
    }
    return dir.resolve(p).normalize().toString();
  }

  /** {@code [K=V, ...]} or a mapping, as a mapping; a list entry without = maps to null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> listToMap(Object v) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        String s = String.valueOf(o);
        int eq = s.indexOf('=');
        out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
      }
    }
    return out;
  }

  /** {@code [a, b]} or a mapping, as a mapping; list entries map to null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> listToNullMap(Object v) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        out.put(String.valueOf(o), null);
      }
    }
    return out;
  }
}
