package dev.berth.compose.engine;

import java.util.Map;

/**
 * How {@code up} converges: recreate always or never, remove orphans, per-service scale, build
 * first, the pull policy, wait for running/healthy, and whether to start at all ({@code create}).
 */
public record UpOptions(boolean forceRecreate, boolean noRecreate, boolean removeOrphans, Map<String, Integer> scale,
    boolean build, String pull, boolean waitHealthy, long waitTimeoutSeconds, boolean start, boolean noDeps,
    boolean renewAnonVolumes) {

  public static UpOptions defaults() {
    return new UpOptions(false, false, false, Map.of(), false, null, false, 0, true, false, false);
  }
}
