package dev.berth.daemon.cluster;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Join tokens in Swarm's shape, {@code SWMTKN-1-<cluster digest>-<secret>}: the first part names
 * the cluster, the second is the secret a node must show. Comparison is constant-time.
 */
final class JoinTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private JoinTokens() {}

  static String make(String clusterId) {
    String digest = base36(sha256(clusterId), 50);
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    return "SWMTKN-1-" + digest + "-" + base36(secret, 25);
  }

  static boolean same(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static boolean wellFormed(String token) {
    return token != null && token.matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}");
  }

  private static String base36(byte[] bytes, int width) {
    String s = new BigInteger(1, bytes).toString(36);
    if (s.length() > width) {
      return s.substring(0, width);
    }
    return "0".repeat(width - s.length()) + s;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return base36(b, 25);
  }
}
