package dev.berth.daemon.system;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.daemon.container.ContainerService;
import dev.berth.daemon.container.ContainerViews;
import dev.berth.daemon.image.ImageRoutes;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import dev.berth.daemon.util.Times;
import dev.berth.daemon.volume.Volume;
import dev.berth.daemon.volume.VolumeService;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /system/df}, what {@code docker system df} shows: images (with how many containers
 * use each and what they share), containers with their writable layers, volumes with their size
 * and users, and the build cache. {@code type} (API 1.42+) limits the answer to some of them.
 */
public final class DiskUsageRoutes {
  private static final Set<String> TYPES = Set.of("container", "image", "volume", "build-cache");

  private final ImageRoutes images;
  private final ContainerService containers;
  private final VolumeService volumes;

  public DiskUsageRoutes(ImageRoutes images, ContainerService containers, VolumeService volumes) {
    this.images = images;
    this.containers = containers;
    this.volumes = volumes;
  }

  public void register(Router r) {
    r.get("/system/df", this::df);
  }

  private void df(Exchange x) throws SQLException {
    List<String> types = x.queryAll("type");
    for (String t : types) {
      if (!TYPES.contains(t)) {
        throw ApiException.badRequest("unknown object type: " + t);
      }
    }
    boolean all = types.isEmpty();
    Map<String, Object> out = new LinkedHashMap<>();
    if (all || types.contains("image")) {
      ImageRoutes.Usage u = images.usage(x.version());
      out.put("LayersSize", u.layersSize());
      out.put("Images", u.images());
    }
    if (all || types.contains("container")) {
      out.put("Containers", ContainerViews.usage(containers));
    }
    if (all || types.contains("volume")) {
      List<Map<String, Object>> vols = new ArrayList<>();
      for (Volume v : volumes.list()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CreatedAt", Times.rfc3339Seconds(v.createdAt()));
        m.put("Driver", v.driver());
        m.put("Labels", v.labels());
        m.put("Mountpoint", volumes.data(v.name()).toString());
        m.put("Name", v.name());
        m.put("Options", v.options());
        m.put("Scope", "local");
        m.put("UsageData", Map.of("Size", volumes.size(v.name()), "RefCount", volumes.users(v.name()).size()));
        vols.add(m);
      }
      out.put("Volumes", vols);
    }
    if (all || types.contains("build-cache")) {
      // the classic builder's cache is made of images, already counted above
      out.put("BuildCache", List.<ObjectNode>of());
    }
    x.json(out);
  }
}
