package dev.berth.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Certificates for the registry tests, made with the openssl CLI in a directory of the test's own:
 * a CA, and leaf certificates it signs (a server's for 127.0.0.1, a client's). Keys are written as
 * PKCS#8 PEM, the form Berth reads from certs.d.
 */
final class TestPki {
  private final Path dir;

  TestPki(Path dir) {
    this.dir = dir;
  }

  /** A self-signed CA: {@code <name>.crt} and {@code <name>.key}. */
  Path ca(String name) throws IOException, InterruptedException {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
        "-days", "2", "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature");
    return dir.resolve(name + ".crt");
  }

  /** A server certificate for 127.0.0.1 signed by {@code ca}: {@code <name>.crt}, {@code <name>.key}. */
  Path server(String name, String ca) throws IOException, InterruptedException {
    return leaf(name, ca, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
        + "basicConstraints=CA:FALSE\n");
  }

  /** A client certificate signed by {@code ca}. */
  Path client(String name, String ca) throws IOException, InterruptedException {
    return leaf(name, ca, "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
  }

  private Path leaf(String name, String ca, String extensions) throws IOException, InterruptedException {
    Files.writeString(dir.resolve(name + ".ext"), extensions);
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
        "/CN=" + name);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
        "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    return dir.resolve(name + ".crt");
  }

  Path path(String file) {
    return dir.resolve(file);
  }

  static PrivateKey privateKey(Path pem) throws Exception {
    String body = Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
        .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  static X509Certificate certificate(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }
}
