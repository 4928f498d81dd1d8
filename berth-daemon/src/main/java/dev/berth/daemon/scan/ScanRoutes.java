package dev.berth.daemon.scan;

import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Berth's scanning endpoints. The Engine API has none, so they live under one Berth-specific
 * prefix, {@code /berth/v1} (with or without the usual {@code /v1.NN} in front):
 * <ul>
 *   <li>{@code GET /berth/v1/images/{name}/sbom?format=json|cyclonedx-json|spdx-json} — the SBOM;
 *   <li>{@code GET /berth/v1/images/{name}/scan?format=json&only-severity=&only-fixed=&only-unfixed=&only-package-type=&ignore-base=}
 *       — the vulnerabilities;
 *   <li>{@code POST /berth/v1/images/{name}/sbom/attach} — stores the image again with its CycloneDX SBOM
 *       in the {@code dev.berth.sbom} label (what {@code berth build --sbom} does); answers {@code {"Id": ...}};
 *   <li>{@code GET /berth/v1/scan/db} — what the advisory database holds, from where and since when;
 *   <li>{@code POST /berth/v1/scan/db?source=NAME} with the file as the body, or {@code ?url=URL} for
 *       berthd to fetch — loads advisories (OSV, OSV zip, Debian tracker, Alpine secdb).
 * </ul>
 * A missing image answers 404 with Docker's "No such image: NAME".
 */
public final class ScanRoutes {
  public static final String PREFIX = "/berth/v1";
  private final ScanService scans;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(Duration.ofSeconds(30)).build();

  public ScanRoutes(ScanService scans) {
    this.scans = scans;
  }

  public void register(Router r) {
    r.get(PREFIX + "/images/{name*}/sbom", this::sbom);
    r.get(PREFIX + "/images/{name*}/scan", this::scan);
    r.post(PREFIX + "/images/{name*}/sbom/attach", x -> x.json(java.util.Map.of("Id", scans.attach(x.path("name")))));
    r.get(PREFIX + "/scan/db", x -> x.json(ScanViews.status(scans.database())));
    r.post(PREFIX + "/scan/db", this::load);
  }

  private static ScanFilter filter(Exchange x) {
    try {
      return ScanFilter.parse(x.queryAll("only-severity"), x.flag("only-fixed", false), x.flag("only-unfixed", false),
          x.queryAll("only-package-type"), x.flag("ignore-base", false));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private void sbom(Exchange x) throws Exception {
    String format = x.query("format", "json");
    ScanFilter filter = filter(x);
    ScanReport r = scans.sbomReport(x.path("name"));
    java.util.List<SbomEntry> entries = r.sbom().entries().stream().filter(e -> filter.keepsPackage(e, r.baseLayers()))
        .toList();
    switch (format) {
      case "json" -> x.json(ScanViews.sbom(r.sbom(), filter, r.baseLayers()));
      case "cyclonedx-json", "cyclonedx" -> document(x, CycloneDxFormat.write(r.sbom(), entries, null),
          "application/vnd.cyclonedx+json");
      case "spdx-json", "spdx" -> document(x, SpdxFormat.write(r.sbom(), entries), "application/spdx+json");
      default -> throw ApiException.badRequest("unknown SBOM format \"" + format
          + "\": use json, cyclonedx-json or spdx-json");
    }
  }

  private void scan(Exchange x) throws Exception {
    String format = x.query("format", "json");
    ScanFilter filter = filter(x);
    ScanReport r = scans.scan(x.path("name"));
    switch (format) {
      case "json" -> x.json(ScanViews.report(r, filter));
      case "sarif" -> document(x, SarifFormat.write(r.sbom(), filter.apply(r.findings(), r.baseLayers())),
          "application/sarif+json");
      case "cyclonedx-json", "cyclonedx" -> document(x, CycloneDxFormat.write(r.sbom(),
          r.sbom().entries().stream().filter(e -> filter.keepsPackage(e, r.baseLayers())).toList(),
          filter.apply(r.findings(), r.baseLayers())), "application/vnd.cyclonedx+json");
      default -> throw ApiException.badRequest("unknown scan format \"" + format
          + "\": use json, sarif or cyclonedx-json");
    }
  }

  private static void document(Exchange x, String body, String type) {
    x.send(io.netty.handler.codec.http.HttpResponseStatus.OK, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
  }

  private void load(Exchange x) throws Exception {
    String url = x.query("url", "");
    AdvisoryDb.Load l;
    if (!url.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid URL \"" + url + "\"");
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw ApiException.badRequest("advisory URLs must be http or https: " + url);
      }
      HttpResponse<InputStream> resp;
      try {
        resp = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw ApiException.badRequest("cannot fetch " + url + ": " + (e.getMessage() == null ? e : e.getMessage()));
      }
      try (InputStream body = resp.body()) {
        if (resp.statusCode() != 200) {
          throw ApiException.badRequest("cannot fetch " + url + ": HTTP " + resp.statusCode());
        }
        l = scans.load(url, body);
      }
    } else {
      l = scans.load(x.query("source", "upload"), x.body());
    }
    x.json(ScanViews.load(l));
  }
}
