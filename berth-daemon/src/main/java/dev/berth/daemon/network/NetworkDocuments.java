package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A network as one JSON document in the metadata store; fields added later read back with defaults. */
final class NetworkDocuments {
  private NetworkDocuments() {}

  static String encode(BridgeNetwork n) {
    ObjectNode doc = Json.plain().createObjectNode().put("id", n.id()).put("name", n.name()).put("subnet", n.subnet())
        .put("gateway", n.gateway()).put("interface", n.hostInterface()).put("created", n.created().toString())
        .put("internal", n.internal()).put("dns", n.dnsEnabled()).put("userSubnet", n.userSubnet())
        .put("autoSubnet", n.autoSubnet()).put("ipamGiven", n.ipamGiven()).put("gatewayGiven", n.gatewayGiven());
    if (n.ipRange() != null) {
      doc.put("ipRange", n.ipRange());
    }
    putMap(doc.putObject("labels"), n.labels());
    putMap(doc.putObject("aux"), n.auxAddresses());
    putMap(doc.putObject("options"), n.options());
    if (n.ipv6() != null) {
      ObjectNode v6 = doc.putObject("ipv6").put("subnet", n.ipv6().subnet()).put("gateway", n.ipv6().gateway())
          .put("gatewayGiven", n.ipv6().gatewayGiven());
      if (n.ipv6().ipRange() != null) {
        v6.put("ipRange", n.ipv6().ipRange());
      }
    }
    return doc.toString();
  }

  static BridgeNetwork decode(String doc) {
    JsonNode n = Json.tree(doc.getBytes(StandardCharsets.UTF_8));
    JsonNode v6 = n.path("ipv6");
    BridgeNetwork.Ipv6 ipv6 = v6.isObject() ? new BridgeNetwork.Ipv6(v6.path("subnet").asText(),
        v6.path("gateway").asText(), v6.path("ipRange").asText(null), v6.path("gatewayGiven").asBoolean(false)) : null;
    return new BridgeNetwork(n.path("id").asText(), n.path("name").asText(), n.path("subnet").asText(),
        n.path("gateway").asText(), n.path("interface").asText(), Instant.parse(n.path("created").asText()),
        n.path("internal").asBoolean(false), n.path("dns").asBoolean(false), n.path("userSubnet").asBoolean(true),
        map(n.path("labels")), n.path("autoSubnet").asBoolean(false), n.path("ipRange").asText(null),
        map(n.path("aux")), n.path("ipamGiven").asBoolean(false), n.path("gatewayGiven").asBoolean(false),
        map(n.path("options")), ipv6);
  }

  private static void putMap(ObjectNode out, Map<String, String> m) {
    if (m != null) {
      m.forEach(out::put);
    }
  }

  private static Map<String, String> map(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
