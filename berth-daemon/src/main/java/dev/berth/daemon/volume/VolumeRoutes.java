package dev.berth.daemon.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Filters;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import dev.berth.daemon.util.Times;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code /volumes} endpoints in Docker's shape. */
public final class VolumeRoutes {
  private final VolumeService volumes;

  public VolumeRoutes(VolumeService volumes) {
    this.volumes = volumes;
  }

  public void register(Router r) {
    r.get("/volumes", this::list);
    r.post("/volumes/create", x -> {
      JsonNode body = x.jsonBody(JsonNode.class);
      Volume v = volumes.create(body.path("Name").asText(""), body.path("Driver").asText("local"),
          strings(body.path("Labels")), strings(body.path("DriverOpts")));
      x.json(HttpResponseStatus.CREATED, view(v));
    });
    r.post("/volumes/prune", x -> {
      VolumeService.Pruned p = volumes.prune(x.filters());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("VolumesDeleted", p.names());
      out.put("SpaceReclaimed", p.bytes());
      x.json(out);
    });
    r.get("/volumes/{name}", x -> x.json(view(volumes.get(x.path("name")))));
    r.delete("/volumes/{name}", x -> {
      volumes.remove(x.path("name"), x.flag("force", false));
      x.status(HttpResponseStatus.NO_CONTENT);
    });
  }

  private void list(Exchange x) throws SQLException {
    Filters f = x.filters();
    f.requireKnown(Set.of("dangling", "name", "label", "label!", "driver"));
    List<Object> out = new ArrayList<>();
    for (Volume v : volumes.list()) {
      if (matches(f, v)) {
        out.add(view(v));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Volumes", out);
    body.put("Warnings", List.of());
    x.json(body);
  }

  private boolean matches(Filters f, Volume v) {
    for (String d : f.get("dangling")) {
      boolean want = d.equals("true") || d.equals("1");
      if (volumes.users(v.name()).isEmpty() != want) {
        return false;
      }
    }
    if (f.has("name") && f.get("name").stream().noneMatch(n -> v.name().contains(n))) {
      return false;
    }
    if (f.has("driver") && !f.get("driver").contains(v.driver())) {
      return false;
    }
    return VolumeService.labelsMatch(f, v.labels());
  }

  /** A volume as inspect and list show it. */
  Map<String, Object> view(Volume v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("CreatedAt", Times.rfc3339Seconds(v.createdAt()));
    m.put("Driver", v.driver());
    m.put("Labels", v.labels());
    m.put("Mountpoint", volumes.data(v.name()).toString());
    m.put("Name", v.name());
    m.put("Options", v.options());
    m.put("Scope", "local");
    return m;
  }

  private static Map<String, String> strings(JsonNode obj) {
    Map<String, String> out = new LinkedHashMap<>();
    obj.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
