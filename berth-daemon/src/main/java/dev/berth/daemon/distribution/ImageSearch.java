package dev.berth.daemon.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Filters;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /images/search?term=&limit=&filters=}, as dockerd answers it: the term names a
 * registry (Docker Hub unless its first component looks like a host), whose v1 search endpoint
 * ({@code /v1/search?q=&n=}; for Docker Hub {@code index.docker.io}) is asked; the results are
 * filtered by {@code stars}, {@code is-official} and {@code is-automated}. Registries without a
 * search API, the reference registry among them, answer 404, reported as dockerd reports it
 * ("Unexpected status code 404"), with a word on why.
 */
final class ImageSearch {
  private static final int DEFAULT_LIMIT = 25;
  private final Registries registries;

  ImageSearch(Registries registries) {
    this.registries = registries;
  }

  void handle(Exchange ex) throws IOException {
    String term = ex.query("term", "");
    if (term.contains("://")) {
      throw ApiException.badRequest("invalid repository name: repository name (" + term
          + ") should not have a scheme");
    }
    int limit;
    String rawLimit = ex.query("limit", "");
    try {
      limit = rawLimit.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(rawLimit.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid limit: " + rawLimit);
    }
    if (limit == 0) {
      limit = DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > 100) {
      throw ApiException.badRequest("limit " + limit + " is outside the range of [1, 100]");
    }
    Filters filters;
    try {
      filters = Filters.parse(ex.query("filters", ""));
      filters.requireKnown(Set.of("stars", "is-official", "is-automated"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    Boolean official = bool(filters, "is-official");
    Boolean automated = bool(filters, "is-automated");
    int minStars = 0;
    for (String s : filters.get("stars")) {
      try {
        minStars = Math.max(minStars, Integer.parseInt(s));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid filter 'stars=" + s + "'");
      }
    }

    String index = "docker.io";
    String remote = term;
    int slash = term.indexOf('/');
    if (slash > 0) {
      String first = term.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        index = first.toLowerCase(Locale.ROOT);
        remote = term.substring(slash + 1);
      }
    }
    if (index.equals("docker.io") && remote.startsWith("library/")) {
      remote = remote.substring(8);
    }
    RegistryCredentials creds;
    try {
      creds = RegistryCredentials.fromHeader(ex.headers().get("X-Registry-Auth"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    JsonNode results = fetch(index, remote, limit, creds);
    ArrayNode out = Json.plain().createArrayNode();
    for (JsonNode r : results) {
      if (official != null && r.path("is_official").asBoolean(false) != official) {
        continue;
      }
      if (automated != null && r.path("is_automated").asBoolean(false) != automated) {
        continue;
      }
      if (r.path("star_count").asInt(0) < minStars) {
        continue;
      }
      ObjectNode o = out.addObject();
      o.put("star_count", r.path("star_count").asInt(0));
      o.put("is_official", r.path("is_official").asBoolean(false));
      o.put("name", r.path("name").asText(""));
      o.put("is_automated", r.path("is_automated").asBoolean(false));
      o.put("description", r.path("description").asText(""));
    }
    ex.json(out);
  }

  private static Boolean bool(Filters filters, String key) {
    Boolean value = null;
    for (String v : filters.get(key)) {
      switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "1" -> value = true;
        case "false", "0" -> value = false;
        default -> throw ApiException.badRequest("invalid filter '" + key + "=" + v + "'");
      }
    }
    return value;
  }

  /** The {@code results} of the registry's v1 search; an error status is dockerd's message. */
  private JsonNode fetch(String index, String remote, int limit, RegistryCredentials creds) throws IOException {
    Registries.Endpoint e = registries.endpoint(index);
    URI base = index.equals("docker.io") ? URI.create("https://index.docker.io") : e.base();
    URI uri = base.resolve("/v1/search?q=" + URLEncoder.encode(remote, StandardCharsets.UTF_8) + "&n=" + limit);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
    if (creds.hasPassword() && base.getScheme().equals("https")) {
      // a standalone registry over TLS gets the user's credentials with every request, as dockerd sends them
      String pair = creds.username() + ":" + creds.password();
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<InputStream> r;
    try {
      r = e.http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } catch (java.net.ConnectException ce) {
      throw new IOException("cannot reach registry " + index + ": connection refused", ce);
    }
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Unexpected status code " + r.statusCode()
            + (r.statusCode() == 404 ? " (the registry " + index + " has no search API)" : ""));
      }
      JsonNode n;
      try {
        n = Json.plain().readTree(in.readNBytes(8 << 20));
      } catch (IOException bad) {
        throw ApiException.internal("error decoding registry search results: " + bad.getMessage());
      }
      JsonNode results = n == null ? null : n.path("results");
      if (results == null || !results.isArray()) {
        throw ApiException.internal("error decoding registry search results: no results");
      }
      return results;
    }
  }
}
