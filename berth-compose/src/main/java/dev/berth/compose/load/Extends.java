package dev.berth.compose.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Resolves {@code extends}: a service starts from another service, of the same file or of
 * {@code file:}, and its own keys merge over it by the override rules. Relative paths of a service
 * taken from a file in another directory are rebased onto the extending file's directory.
 * A service that extends itself, directly or not, is an error.
 */
final class Extends {
  private final BiFunction<Path, String, Map<String, Object>> readFile;

  /** readFile reads and interpolates one file (path, label) into its model. */
  Extends(BiFunction<Path, String, Map<String, Object>> readFile) {
    this.readFile = readFile;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> apply(Map<String, Object> model, Path file) {
    Object services = model.get("services");
    if (!(services instanceof Map<?, ?> svcs)) {
      return model;
    }
    Map<String, Object> out = new LinkedHashMap<>(model);
    Map<String, Object> resolved = new LinkedHashMap<>();
    for (Object name : svcs.keySet()) {
      resolved.put((String) name, resolve(model, file, (String) name, new ArrayList<>()));
    }
    out.put("services", resolved);
    return out;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> resolve(Map<String, Object> model, Path file, String name, List<String> chain) {
    Map<String, Object> services = Types.map(model.get("services"), "services");
    if (!services.containsKey(name)) {
      throw new ComposeException("cannot extend service \"" + name + "\" in " + file + ": service not found");
    }
    Map<String, Object> svc = services.get(name) == null ? new LinkedHashMap<>()
        : Types.map(services.get(name), "services." + name);
    Object ext = svc.get("extends");
    if (ext == null) {
      return svc;
    }
    String key = file + ":" + name;
    if (chain.contains(key)) {
      throw new ComposeException("circular reference with extends in service \"" + name + "\"");
    }
    chain.add(key);
    String baseName;
    String baseFile = null;
    if (ext instanceof String s) {
      baseName = s;
    } else {
      Map<String, Object> e = Types.map(ext, "services." + name + ".extends");
      baseName = Types.scalar(e.get("service"), "services." + name + ".extends.service");
      baseFile = e.get("file") == null ? null : String.valueOf(e.get("file"));
    }
    Map<String, Object> base;
    if (baseFile == null) {
      base = resolve(model, file, baseName, chain);
    } else {
      Path other = file.getParent().resolve(baseFile).normalize();
      if (!Files.exists(other)) {
        throw new ComposeException("services." + name + ".extends.file: " + other + " not found");
      }
      Map<String, Object> otherModel = readFile.apply(other, other.toString());
      base = rebase(resolve(otherModel, other, baseName, chain), other.getParent(), file.getParent());
    }
    Map<String, Object> own = new LinkedHashMap<>(svc);
    own.remove("extends");
    base = new LinkedHashMap<>(base);
    base.remove("depends_on");
    return Merge.service(base, own);
  }

  /** Relative build contexts and bind sources of a service read from {@code from} made relative to {@code to}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> rebase(Map<String, Object> svc, Path from, Path to) {
    if (from.equals(to)) {
      return svc;
    }
    Map<String, Object> out = new LinkedHashMap<>(svc);
    Object build = out.get("build");
    if (build instanceof String s) {
      out.put("build", rel(s, from, to));
    } else if (build instanceof Map<?, ?> m) {
      Map<String, Object> b = new LinkedHashMap<>((Map<String, Object>) m);
      b.put("context", rel(String.valueOf(b.getOrDefault("context", ".")), from, to));
      out.put("build", b);
    }
    if (out.get("volumes") instanceof List<?> vols) {
      List<Object> nv = new ArrayList<>();
      for (Object v : vols) {
        if (v instanceof String s && s.startsWith(".")) {
          int c = s.indexOf(':');
          nv.add(c < 0 ? s : rel(s.substring(0, c), from, to) + s.substring(c));
        } else {
          nv.add(v);
        }
      }
      out.put("volumes", nv);
    }
    return out;
  }

  private static String rel(String p, Path from, Path to) {
    if (p.startsWith("/") || p.contains("://")) {
      return p;
    }
    return from.resolve(p).normalize().toString();
  }
}
