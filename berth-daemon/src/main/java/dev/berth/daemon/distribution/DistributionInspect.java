package dev.berth.daemon.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.Digests;
import dev.berth.daemon.image.ImageReference;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /distribution/{name}/json}: what the registry holds for a reference, without pulling
 * it: the top descriptor (media type, digest, size) and the platforms it serves. The docker CLI's
 * {@code service create} pins digests with it; docker-py's {@code inspect_distribution} reads it.
 */
final class DistributionInspect {
  private final Registries registries;

  DistributionInspect(Registries registries) {
    this.registries = registries;
  }

  void handle(Exchange x) throws Exception {
    ImageReference ref;
    try {
      ref = ImageReference.forPull(x.path("name"), "");
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    RegistryCredentials creds;
    try {
      creds = RegistryCredentials.fromHeader(x.headers().get("X-Registry-Auth"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    ManifestLookup.Found found;
    try {
      found = ManifestLookup.top(registries, ref, creds, "distribution inspect");
    } catch (RegistryException e) {
      // an unknown or refused repository is a 401 in dockerd ("... may require 'docker login'")
      if (e.notFound() || e.unauthorized() || e.denied()) {
        throw new ApiException(e.notFound() ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.UNAUTHORIZED,
            e.getMessage());
      }
      throw ApiException.internal(e.getMessage());
    } catch (IOException e) {
      throw ApiException.internal(e.getMessage());
    }
    RegistryClient.Manifest top = found.manifest();
    Map<String, Object> descriptor = new LinkedHashMap<>();
    descriptor.put("mediaType", top.mediaType());
    descriptor.put("digest", top.digest());
    descriptor.put("size", top.bytes().length);
    List<Map<String, Object>> platforms = new ArrayList<>();
    JsonNode m = top.json();
    if (MediaTypes.INDEXES.contains(top.mediaType())) {
      for (JsonNode entry : m.path("manifests")) {
        JsonNode p = entry.path("platform");
        if (!p.isMissingNode() && !"unknown".equals(p.path("os").asText())) {
          platforms.add(platform(p.path("architecture").asText(""), p.path("os").asText(""),
              p.path("variant").asText("")));
        }
      }
    } else {
      JsonNode config = m.path("config");
      JsonNode cfg = Json.plain().readTree(ImagePuller.readConfig(found.client(),
          Digests.require(config.path("digest").asText(null)), config.path("size").asLong(-1)));
      platforms.add(platform(cfg.path("architecture").asText(""), cfg.path("os").asText(""),
          cfg.path("variant").asText("")));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Descriptor", descriptor);
    out.put("Platforms", platforms);
    x.json(out);
  }

  private static Map<String, Object> platform(String architecture, String os, String variant) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("architecture", architecture);
    p.put("os", os);
    if (!variant.isEmpty()) {
      p.put("variant", variant);
    }
    return p;
  }
}
