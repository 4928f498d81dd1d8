package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.archive.OverlayDiff;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints that move files in and out of containers: the archive endpoints of
 * {@code docker cp}, {@code export}, {@code changes} ({@code docker diff}) and {@code /commit}.
 */
public final class ContainerFileRoutes {
  private static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

  private final ContainerArchive archive;
  private final ContainerFilesystem filesystem;

  public ContainerFileRoutes(ContainerArchive archive, ContainerFilesystem filesystem) {
    this.archive = archive;
    this.filesystem = filesystem;
  }

  public void register(Router r) {
    r.head("/containers/{id}/archive", x -> {
      ContainerArchive.Stat s = archive.stat(x.path("id"), x.query("path"));
      x.head(HttpResponseStatus.OK, statHeaders(s), 0);
    });
    r.get("/containers/{id}/archive", x -> archive.get(x.path("id"), x.query("path"),
        s -> x.stream(HttpResponseStatus.OK, "application/x-tar", statHeaders(s))));
    r.put("/containers/{id}/archive", x -> {
      archive.put(x.path("id"), x.query("path"), x.body(), x.flag("copyUIDGID", false),
          x.flag("noOverwriteDirNonDir", false));
      x.status(HttpResponseStatus.OK);
    });
    r.get("/containers/{id}/export", x -> filesystem.export(x.path("id"), () -> x.stream("application/x-tar")));
    r.get("/containers/{id}/changes", x -> {
      List<Map<String, Object>> out = new ArrayList<>();
      for (OverlayDiff.Change c : filesystem.changes(x.path("id"))) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Path", c.path());
        m.put("Kind", c.kind().ordinal());
        out.add(m);
      }
      x.json(out);
    });
    r.post("/commit", this::commit);
  }

  private void commit(Exchange x) throws Exception {
    JsonNode body = null;
    try {
      body = x.jsonBody(JsonNode.class);
    } catch (java.io.IOException | RuntimeException empty) {
      // no body: the container's own config
    }
    String id = filesystem.commit(x.query("container", ""), x.query("repo"), x.query("tag"), x.query("comment"),
        x.query("author"), x.flag("pause", true), x.queryAll("changes"), body);
    x.json(HttpResponseStatus.CREATED, Map.of("Id", id));
  }

  private static HttpHeaders statHeaders(ContainerArchive.Stat s) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(STAT_HEADER, s.header());
    return h;
  }
}
