package dev.berth.daemon.volume;

import java.time.Instant;
import java.util.Map;

/**
 * A local volume: a directory under {@code <data-root>/volumes/<name>/_data} that outlives the
 * containers mounting it. Anonymous volumes (from an image's VOLUME or {@code -v /path}) carry
 * Docker's {@code com.docker.volume.anonymous} label, which is what prune and {@code rm -v} key on.
 */
public record Volume(String name, String driver, Map<String, String> labels, Map<String, String> options,
    Instant createdAt) {
  /** The label Docker puts on anonymous volumes. */
  public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

  public Volume {
    labels = Map.copyOf(labels);
    options = Map.copyOf(options);
  }

  public boolean anonymous() {
    return labels.containsKey(ANONYMOUS_LABEL);
  }
}
