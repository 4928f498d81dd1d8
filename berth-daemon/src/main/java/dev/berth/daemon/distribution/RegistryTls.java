package dev.berth.daemon.distribution;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS settings for one registry host, Docker's way: the system's CAs plus every {@code *.crt}
 * in {@code <certs dir>/<host:port>/}, and a client certificate from a {@code *.cert} with the
 * {@code *.key} of the same name (PKCS#8 PEM). Berth looks in {@code /etc/berth/certs.d} first,
 * then {@code /etc/docker/certs.d}, so a host already set up for Docker works unchanged.
 */
final class RegistryTls {
  private RegistryTls() {}

  /** The directories that hold per-host certificates, in order. */
  static List<Path> certDirs(List<Path> roots, String host) {
    List<Path> out = new ArrayList<>();
    for (Path root : roots) {
      Path d = root.resolve(host.replace("[", "").replace("]", "")); // no brackets in directory names
      if (!host.contains("/") && !host.contains("..") && Files.isDirectory(d)) {
        out.add(d);
      }
    }
    return out;
  }

  /** An SSL context for {@code host}; the JDK's default when nothing is configured for it. */
  static SSLContext context(List<Path> roots, String host) throws IOException {
    List<Path> dirs = certDirs(roots, host);
    try {
      if (dirs.isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      int n = 0;
      for (var tm : system.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            trust.setCertificateEntry("system-" + n++, c);
          }
        }
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      boolean haveKey = false;
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Path dir : dirs) {
        try (var s = Files.list(dir)) {
          for (Path f : s.sorted().toList()) {
            String name = f.getFileName().toString();
            if (name.endsWith(".crt")) {
              for (Certificate c : cf.generateCertificates(Files.newInputStream(f))) {
                trust.setCertificateEntry("ca-" + n++, c);
              }
            } else if (name.endsWith(".cert")) {
              Path key = f.resolveSibling(name.substring(0, name.length() - 5) + ".key");
              if (!Files.isRegularFile(key)) {
                throw new IOException("missing key " + key.getFileName() + " for client certificate " + f);
              }
              List<Certificate> chain = new ArrayList<>(cf.generateCertificates(
                  new ByteArrayInputStream(Files.readAllBytes(f))));
              keys.setKeyEntry("client-" + n++, privateKey(key), new char[0], chain.toArray(Certificate[]::new));
              haveKey = true;
            }
          }
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (haveKey) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS settings for " + host + " in " + dirs + " are unusable: " + e.getMessage(), e);
    }
  }

  /**
   * For a registry the operator named with {@code --insecure-registry}: any server certificate is
   * accepted, host name included, as dockerd does there; a client certificate in certs.d is still sent.
   */
  static SSLContext unverified(List<Path> roots, String host) throws IOException {
    try {
      javax.net.ssl.X509ExtendedTrustManager acceptAll = new javax.net.ssl.X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine e) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine e) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(clientKeys(roots, host), new javax.net.ssl.TrustManager[] {acceptAll}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS settings for " + host + " are unusable: " + e.getMessage(), e);
    }
  }

  /** The key managers for a client certificate in certs.d, or null when there is none. */
  private static javax.net.ssl.KeyManager[] clientKeys(List<Path> roots, String host)
      throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    boolean haveKey = false;
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    int n = 0;
    for (Path dir : certDirs(roots, host)) {
      try (var s = Files.list(dir)) {
        for (Path f : s.sorted().toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(".cert")) {
            Path key = f.resolveSibling(name.substring(0, name.length() - 5) + ".key");
            if (Files.isRegularFile(key)) {
              List<Certificate> chain = new ArrayList<>(cf.generateCertificates(
                  new ByteArrayInputStream(Files.readAllBytes(f))));
              keys.setKeyEntry("client-" + n++, privateKey(key), new char[0], chain.toArray(Certificate[]::new));
              haveKey = true;
            }
          }
        }
      }
    }
    if (!haveKey) {
      return null;
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    return kmf.getKeyManagers();
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
      throw new IOException(file + " is a PKCS#1/SEC1 key; convert it with "
          + "'openssl pkcs8 -topk8 -nocrypt -in " + file + "' (Berth reads PKCS#8 keys)");
    }
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IOException("cannot read the private key in " + file);
  }
}
