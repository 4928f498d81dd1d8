package dev.berth.compose.engine;

import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.FilterEncoder;
import dev.berth.cli.client.Query;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Engine API calls compose makes, over the CLI's socket client: containers, networks and
 * volumes found by label, created, started, stopped and removed. Answers are the daemon's JSON as
 * plain maps.
 */
public final class Engine {
  private final DaemonClient client;

  public Engine(DaemonClient client) {
    this.client = client;
  }

  public DaemonClient client() {
    return client;
  }

  /** Containers (all states) carrying every given label filter ({@code key=value} or {@code key}). */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> containers(List<String> labels, boolean all) throws IOException {
    Map<String, List<String>> f = new LinkedHashMap<>();
    f.put("label", labels);
    Object r = client.getJson(Query.path("/containers/json").flag("all", all).param("filters", FilterEncoder.encode(f)).build());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : (List<Object>) r) {
      out.add((Map<String, Object>) o);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> inspectContainer(String id) throws IOException {
    return (Map<String, Object>) client.getJson("/containers/" + Query.segment(id) + "/json");
  }

  /** An image's inspect answer, or null when the daemon has no such image. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> inspectImage(String ref) throws IOException {
    try {
      return (Map<String, Object>) client.getJson("/images/" + ref + "/json");
    } catch (DaemonException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> network(String name) throws IOException {
    try {
      return (Map<String, Object>) client.getJson("/networks/" + Query.segment(name));
    } catch (DaemonException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> networks(String label) throws IOException {
    Map<String, List<String>> f = new LinkedHashMap<>();
    f.put("label", List.of(label));
    return (List<Map<String, Object>>) client.getJson(Query.path("/networks").param("filters", FilterEncoder.encode(f)).build());
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> volume(String name) throws IOException {
    try {
      return (Map<String, Object>) client.getJson("/volumes/" + Query.segment(name));
    } catch (DaemonException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> volumes(String label) throws IOException {
    Map<String, List<String>> f = new LinkedHashMap<>();
    f.put("label", List.of(label));
    Map<String, Object> r = (Map<String, Object>) client.getJson(Query.path("/volumes").param("filters", FilterEncoder.encode(f)).build());
    Object v = r.get("Volumes");
    return v == null ? List.of() : (List<Map<String, Object>>) v;
  }

  @SuppressWarnings("unchecked")
  public String createContainer(String name, Map<String, Object> body) throws IOException {
    Map<String, Object> r = (Map<String, Object>) client.postJson(Query.path("/containers/create").param("name", name).build(), body);
    return String.valueOf(r.get("Id"));
  }

  public void connect(String network, String container, Map<String, Object> endpoint) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Container", container);
    body.put("EndpointConfig", endpoint);
    client.postJson("/networks/" + Query.segment(network) + "/connect", body);
  }

  public void start(String id) throws IOException {
    client.post("/containers/" + Query.segment(id) + "/start");
  }

  public void stop(String id, Integer timeout) throws IOException {
    Query q = Query.path("/containers/" + Query.segment(id) + "/stop");
    if (timeout != null) {
      q.param("t", timeout);
    }
    client.post(q.build());
  }

  public void remove(String id, boolean volumes) throws IOException {
    client.delete(Query.path("/containers/" + Query.segment(id)).flag("force", true).flag("v", volumes).build());
  }

  public void rename(String id, String name) throws IOException {
    client.post(Query.path("/containers/" + Query.segment(id) + "/rename").param("name", name).build());
  }

  public void removeNetwork(String id) throws IOException {
    client.delete("/networks/" + Query.segment(id));
  }

  public void removeVolume(String name) throws IOException {
    client.delete("/volumes/" + Query.segment(name));
  }
}
