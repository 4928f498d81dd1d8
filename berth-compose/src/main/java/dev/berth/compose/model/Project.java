package dev.berth.compose.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A loaded project: its name, directory, the files it came from, and the canonical model (the
 * tree {@code config} prints). Services, networks and volumes are read through small views.
 */
public record Project(String name, Path workingDir, List<Path> configFiles, Map<String, Object> model,
    Map<String, String> environment) {

  @SuppressWarnings("unchecked")
  public Map<String, Object> section(String key) {
    Object v = model.get(key);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  public List<Service> services() {
    List<Service> out = new ArrayList<>();
    for (String n : section("services").keySet()) {
      out.add(service(n));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public Service service(String name) {
    Object v = section("services").get(name);
    return v == null ? null : new Service(name, (Map<String, Object>) v);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> network(String key) {
    return (Map<String, Object>) section("networks").get(key);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> volume(String key) {
    return (Map<String, Object>) section("volumes").get(key);
  }

  /** The comma-joined absolute file paths compose puts in its config_files label. */
  public String configFilesLabel() {
    StringBuilder sb = new StringBuilder();
    for (Path p : configFiles) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(p);
    }
    return sb.toString();
  }
}
