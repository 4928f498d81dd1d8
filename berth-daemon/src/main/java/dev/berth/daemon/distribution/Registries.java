package dev.berth.daemon.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLHandshakeException;

/**
 * Where each registry lives and how to reach it. Docker Hub ({@code docker.io}) is served by
 * {@code registry-1.docker.io}, after the configured mirrors for pulls; every other host by itself
 * over HTTPS with the system CAs plus its certs.d directory. A loopback registry, or one named with
 * {@code --insecure-registry}, may speak plain HTTP, as Docker allows: it is used when the server
 * answers plain HTTP, and HTTPS otherwise. A TLS certificate that does not verify is refused, also
 * on loopback (where Docker would skip verification), unless the operator named the registry with
 * {@code --insecure-registry}.
 */
public final class Registries {
  private final List<Path> certRoots;
  private final RegistrySettings settings;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  /**
   * How to talk to one registry host: its base URI and the HTTP client with its TLS settings.
   * {@code insecure}: the registry is loopback or named with {@code --insecure-registry}, so its
   * token server too may be spoken to over plain HTTP.
   */
  record Endpoint(String host, URI base, HttpClient http, boolean insecure) {}

  public Registries(List<Path> certRoots, RegistrySettings settings) {
    this.certRoots = certRoots;
    this.settings = settings;
  }

  /** The default places: {@code /etc/berth/certs.d}, then {@code /etc/docker/certs.d}, or {@code $BERTH_CERTS_D}. */
  public static Registries standard(RegistrySettings settings) {
    String override = System.getenv("BERTH_CERTS_D");
    List<Path> roots = override != null && !override.isEmpty()
        ? java.util.Arrays.stream(override.split(":")).map(Path::of).toList()
        : List.of(Path.of("/etc/berth/certs.d"), Path.of("/etc/docker/certs.d"));
    return new Registries(roots, settings);
  }

  public RegistrySettings settings() {
    return settings;
  }

  /**
   * Where to pull from, in order: for Docker Hub the mirrors, then the Hub; for any other
   * registry the registry itself.
   */
  List<Endpoint> pullEndpoints(String domain) throws IOException {
    List<Endpoint> out = new java.util.ArrayList<>();
    if (domain.equals("docker.io")) {
      for (URI m : settings.mirrors()) {
        String key = "mirror " + m;
        Endpoint e = endpoints.get(key);
        if (e == null) {
          String authority = m.getRawAuthority();
          javax.net.ssl.SSLContext ssl = m.getScheme().equals("https")
              ? RegistryTls.context(certRoots, authority) : null;
          e = new Endpoint(domain, URI.create(m.getScheme() + "://" + authority), client(ssl),
              settings.insecure(authority));
          endpoints.put(key, e);
        }
        out.add(e);
      }
    }
    out.add(endpoint(domain));
    return out;
  }

  /** The endpoint of a registry domain ({@code docker.io}, {@code host:port}), probing it once. */
  Endpoint endpoint(String domain) throws IOException {
    Endpoint e = endpoints.get(domain);
    if (e == null) {
      e = probe(domain);
      endpoints.put(domain, e);
    }
    return e;
  }

  /** Forgets what was learned about a host (after a failure that may mean it changed). */
  void forget(String domain) {
    endpoints.remove(domain);
  }

  private Endpoint probe(String domain) throws IOException {
    String host = domain.equals("docker.io") ? "registry-1.docker.io" : domain;
    Endpoint https = new Endpoint(domain, URI.create("https://" + host), client(settings.skipVerify(domain)
        ? RegistryTls.unverified(certRoots, domain) : RegistryTls.context(certRoots, domain)), settings.insecure(domain));
    if (!settings.insecure(domain)) {
      return https;
    }
    // Plain HTTP is asked first: a TLS server answers it at once (Go's with 400 "Client sent an HTTP
    // request to an HTTPS server", others by closing), while some plain servers never answer a TLS
    // ClientHello at all and would stall the pull until a timeout.
    Endpoint plain = new Endpoint(domain, URI.create("http://" + host), client(null), true);
    try {
      HttpResponse<String> r = ping(plain);
      if (!(r.statusCode() == 400 && r.body() != null && r.body().contains("HTTPS"))) {
        return plain;
      }
    } catch (java.net.ConnectException e) {
      throw new IOException("cannot reach registry " + domain + ": connection refused", e);
    } catch (IOException e) {
      // not HTTP: TLS, then
    }
    try {
      ping(https);
      return https;
    } catch (IOException e) {
      if (certificateProblem(e)) {
        throw new IOException("Get \"https://" + host + "/v2/\": tls: failed to verify certificate: "
            + certificateReason(e, host) + " (put the registry's CA in " + certRoots.get(0).resolve(domain).resolve("ca.crt")
            + ", or name it with berthd --insecure-registry " + domain + ")", e);
      }
      throw e;
    }
  }

  private static HttpResponse<String> ping(Endpoint e) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(e.base().resolve("/v2/")).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return e.http().send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", ie);
    }
  }

  /** Go's words for why a certificate was refused, instead of the JDK's exception chain. */
  static String certificateReason(Throwable e, String host) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(' ');
    }
    String m = all.toString();
    if (m.contains("No subject alternative") || m.contains("No name matching")) {
      return "x509: certificate is not valid for " + host;
    }
    if (m.contains("expired") || m.contains("not yet valid")) {
      return "x509: certificate has expired or is not yet valid";
    }
    if (m.contains("PKIX path") || m.contains("certification path") || m.contains("unknown_ca")
        || m.contains("certificate_unknown")) {
      return "x509: certificate signed by unknown authority";
    }
    return "x509: the certificate was refused";
  }

  private static boolean certificateProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException
          || (t.getMessage() != null && (t.getMessage().contains("PKIX") || t.getMessage().contains("certificate")))) {
        return true;
      }
    }
    return e instanceof SSLHandshakeException && e.getMessage() != null && e.getMessage().contains("No subject");
  }

  private static HttpClient client(javax.net.ssl.SSLContext ssl) {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    return b.build();
  }
}
