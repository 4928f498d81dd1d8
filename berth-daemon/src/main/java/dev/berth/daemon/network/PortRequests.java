package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the ports a container asks to publish: {@code HostConfig.PortBindings}
 * ({@code {"80/tcp":[{"HostIp":"","HostPort":"8080"}]}}) and, with {@code PublishAllPorts}, every
 * exposed port on a random host port. A host port of 0 means "pick one".
 */
public final class PortRequests {
  private PortRequests() {}

  public static List<PortMapping> of(JsonNode hostConfig, JsonNode exposedPorts) {
    List<PortMapping> out = new ArrayList<>();
    JsonNode bindings = hostConfig.path("PortBindings");
    for (Iterator<Map.Entry<String, JsonNode>> it = bindings.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int[] port = containerPort(e.getKey());
      String proto = protocol(e.getKey());
      JsonNode list = e.getValue();
      if (list == null || !list.isArray() || list.isEmpty()) {
        out.add(new PortMapping("", 0, port[0], proto));
        continue;
      }
      for (JsonNode b : list) {
        String hostIp = b.path("HostIp").asText("");
        String hostPort = b.path("HostPort").asText("");
        out.add(new PortMapping(hostIp, hostPort(hostPort), port[0], proto));
      }
    }
    if (hostConfig.path("PublishAllPorts").asBoolean(false) && exposedPorts != null) {
      for (Iterator<String> it = exposedPorts.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        int[] port = containerPort(key);
        String proto = protocol(key);
        boolean bound = out.stream().anyMatch(m -> m.containerPort() == port[0] && m.protocol().equals(proto));
        if (!bound) {
          out.add(new PortMapping("", 0, port[0], proto));
        }
      }
    }
    return out;
  }

  private static int[] containerPort(String key) {
    String p = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
    try {
      int n = Integer.parseInt(p);
      if (n < 1 || n > 65535) {
        throw new NumberFormatException();
      }
      return new int[] {n};
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid port specification: \"" + key + "\"");
    }
  }

  private static String protocol(String key) {
    String proto = key.contains("/") ? key.substring(key.indexOf('/') + 1) : "tcp";
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw ApiException.badRequest("invalid proto: " + proto);
    }
    return proto;
  }

  private static int hostPort(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(text);
      if (n < 0 || n > 65535) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid port specification: \"" + text + "\"");
    }
  }
}
