package dev.berth.compose.engine;

import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container of {@code compose run}: the service's config with the command line's overrides,
 * named {@code proj-svc-run-<12 hex>}, labelled one-off (so {@code ps} and {@code up} leave it
 * alone and {@code down} still removes it), with stdin open, and the service's ports published
 * only with {@code --service-ports}.
 */
public final class OneOff {
  /** What {@code run}'s flags change. */
  public record Overrides(List<String> command, String entrypoint, List<String> env, String user, String workdir,
      boolean tty, boolean interactive, boolean servicePorts, List<String> publish, String name, List<String> labels) {}

  private final Engine engine;
  private final Project project;

  public OneOff(Engine engine, Project project) {
    this.engine = engine;
    this.project = project;
  }

  /** Creates the container and connects its networks; returns {id, name}. */
  @SuppressWarnings("unchecked")
  public String[] create(Service svc, Overrides o, String imageId) throws IOException {
    String slug = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    String name = o.name() != null ? o.name() : project.name() + "-" + svc.name() + "-run-" + slug.substring(0, 12);
    ContainerSpec spec = new ContainerSpec(project, svc);
    Map<String, Object> body = spec.body(1, name, imageId, ConfigHash.of(svc), true);
    Map<String, Object> labels = (Map<String, Object>) body.get("Labels");
    labels.put(Labels.SLUG, slug);
    for (String l : o.labels()) {
      int eq = l.indexOf('=');
      labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
    }
    if (!o.command().isEmpty()) {
      body.put("Cmd", o.command());
    }
    if (o.entrypoint() != null) {
      body.put("Entrypoint", dev.berth.compose.load.ShellWords.split(o.entrypoint()));
    }
    List<String> env = new ArrayList<>((List<String>) body.get("Env"));
    env.addAll(o.env());
    body.put("Env", env);
    if (o.user() != null) {
      body.put("User", o.user());
    }
    if (o.workdir() != null) {
      body.put("WorkingDir", o.workdir());
    }
    body.put("Tty", o.tty());
    body.put("OpenStdin", o.interactive());
    body.put("StdinOnce", o.interactive());
    body.put("AttachStdin", o.interactive());
    body.put("AttachStdout", true);
    body.put("AttachStderr", true);
    Map<String, Object> host = (Map<String, Object>) body.get("HostConfig");
    host.put("RestartPolicy", Map.of("Name", "no"));
    if (!o.servicePorts()) {
      host.remove("PortBindings");
    }
    if (!o.publish().isEmpty()) {
      Map<String, Object> bindings = new LinkedHashMap<>();
      Map<String, Object> exposed = new LinkedHashMap<>();
      for (Object p : dev.berth.compose.load.Ports.parse(new ArrayList<>(o.publish()), "--publish")) {
        Map<?, ?> m = (Map<?, ?>) p;
        String key = m.get("target") + "/" + m.get("protocol");
        exposed.put(key, Map.of());
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("HostIp", m.get("host_ip") == null ? "" : String.valueOf(m.get("host_ip")));
        b.put("HostPort", m.get("published") == null ? "" : String.valueOf(m.get("published")));
        ((List<Object>) bindings.computeIfAbsent(key, k -> new ArrayList<>())).add(b);
      }
      host.put("PortBindings", bindings);
      body.put("ExposedPorts", exposed);
    }
    String id = engine.createContainer(name, body);
    List<String> nets = svc.networks();
    if (svc.string("network_mode") == null) {
      for (int i = 1; i < nets.size(); i++) {
        engine.connect(String.valueOf(project.network(nets.get(i)).get("name")), id, spec.endpoint(nets.get(i), name));
      }
    }
    return new String[] {id, name};
  }
}
