package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client asked of one network endpoint ({@code EndpointSettings} at create or connect):
 * extra DNS aliases, static IPv4 and IPv6 addresses and a MAC address; empty means "pick one".
 */
public record EndpointRequest(List<String> aliases, String ipv4, String ipv6, String mac) {

  /** From an EndpointSettings object; {@code fallbackMac} is Config.MacAddress of old clients. */
  public static EndpointRequest of(JsonNode settings, String fallbackMac) {
    List<String> aliases = new ArrayList<>();
    if (settings == null) {
      return new EndpointRequest(aliases, "", "", fallbackMac == null ? "" : fallbackMac);
    }
    settings.path("Aliases").forEach(a -> aliases.add(a.asText()));
    JsonNode ipam = settings.path("IPAMConfig");
    return new EndpointRequest(aliases, ipam.path("IPv4Address").asText(""), ipam.path("IPv6Address").asText(""),
        settings.path("MacAddress").asText(fallbackMac == null ? "" : fallbackMac));
  }
}
