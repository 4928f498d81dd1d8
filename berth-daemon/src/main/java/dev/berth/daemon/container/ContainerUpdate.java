package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.runtime.OciRuntime;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.util.List;

/**
 * {@code POST /containers/{id}/update} ({@code docker update}): new limits and restart policy for
 * an existing container. As in Docker, a field left at zero keeps its value; a running container
 * gets the new limits at once through the runtime's {@code update}, and they are stored so that
 * inspect and every later start use them.
 */
final class ContainerUpdate {
  /** The numeric fields docker update can change; zero (or absent) means unchanged. */
  private static final List<String> NUMBERS = List.of("Memory", "MemorySwap", "MemoryReservation", "NanoCpus",
      "CpuShares", "CpuPeriod", "CpuQuota", "BlkioWeight");
  private static final List<String> TEXTS = List.of("CpusetCpus", "CpusetMems");

  private ContainerUpdate() {}

  /**
   * Merges the update into the container's host config and applies it; the caller holds the
   * container's monitor and saves it afterwards. Returns the warnings for the client.
   */
  static List<String> apply(Container c, JsonNode update, OciRuntime runtime) throws IOException {
    if (!(update instanceof ObjectNode)) {
      throw ApiException.badRequest("update config cannot be empty");
    }
    ObjectNode h = c.hostConfig.deepCopy();
    long oldMemory = h.path("Memory").asLong(0);
    long oldSwap = h.path("MemorySwap").asLong(0);
    for (String f : NUMBERS) {
      long v = update.path(f).asLong(0);
      if (v != 0) {
        h.put(f, v);
      }
    }
    for (String f : TEXTS) {
      String v = update.path(f).asText("");
      if (!v.isEmpty()) {
        h.put(f, v);
      }
    }
    JsonNode pids = update.get("PidsLimit");
    if (pids != null && pids.isNumber()) {
      h.put("PidsLimit", pids.asLong() <= 0 ? -1 : pids.asLong());
    }
    if (update.path("NanoCpus").asLong(0) > 0) {
      // --cpus replaces an explicit quota and period, as Docker's update does
      h.put("CpuQuota", 0);
      h.put("CpuPeriod", 0);
    } else if (update.path("CpuQuota").asLong(0) != 0 || update.path("CpuPeriod").asLong(0) != 0) {
      h.put("NanoCpus", 0);
    }
    long memory = update.path("Memory").asLong(0);
    long swap = update.path("MemorySwap").asLong(0);
    if (memory > 0 && swap == 0) {
      if (oldSwap > 0 && memory > oldSwap) {
        throw ApiException.badRequest("Memory limit should be smaller than already set memoryswap limit, update the"
            + " memoryswap at the same time");
      }
      if (oldMemory == 0 && oldSwap == 0) {
        // a first limit gets Docker's default swap, twice the memory
        h.put("MemorySwap", ResourceLimits.swapLimitSupported() ? memory * 2 : -1);
      }
    }
    ResourceLimits.check(h);
    boolean policyChange = !update.path("RestartPolicy").path("Name").asText("").isEmpty();
    if (policyChange) {
      if (c.hostConfig.path("AutoRemove").asBoolean(false)) {
        throw ApiException.badRequest("Restart policy cannot be updated because AutoRemove is enabled for the"
            + " container");
      }
      ObjectNode policy = Json.plain().createObjectNode();
      policy.put("Name", update.path("RestartPolicy").path("Name").asText());
      policy.put("MaximumRetryCount", update.path("RestartPolicy").path("MaximumRetryCount").asInt(0));
      ObjectNode probe = Json.plain().createObjectNode();
      probe.set("RestartPolicy", policy);
      RestartPolicy.of(probe).validate(false);
      h.set("RestartPolicy", policy);
    }
    if (c.state.running()) {
      ObjectNode resources = Json.plain().createObjectNode();
      ResourceLimits.toOci(h, resources);
      if (h.path("PidsLimit").asLong(0) < 0 && !resources.has("pids")) {
        resources.putObject("pids").put("limit", -1);
      }
      try {
        runtime.update(c.id, Json.plain().writeValueAsBytes(resources));
      } catch (OciRuntime.RuntimeFailure e) {
        throw ApiException.badRequest("Cannot update container " + c.id + ": " + e.getMessage());
      }
    }
    c.hostConfig = h;
    return List.of();
  }
}
