package dev.berth.daemon.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** sha256 digests in the {@code sha256:<64 hex>} form images use. */
public final class Digests {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private Digests() {}

  /** libcrypto's SHA-256 when it can be loaded (much faster under berthd's C1-only JIT), else the JDK's. */
  public static MessageDigest sha256() {
    MessageDigest fast = dev.berth.daemon.sys.NativeSha256.create();
    if (fast != null) {
      return fast;
    }
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  public static String of(byte[] content) {
    return format(sha256().digest(content));
  }

  public static String of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String format(byte[] hash) {
    return "sha256:" + HexFormat.of().formatHex(hash);
  }

  /** The 64 hex characters of a digest. */
  public static String hex(String digest) {
    return digest.startsWith("sha256:") ? digest.substring(7) : digest;
  }

  public static boolean isDigest(String text) {
    return DIGEST.matcher(text).matches();
  }

  /** Validates a digest from outside (an archive, a registry) before it names a file. */
  public static String require(String text) {
    if (text == null || !isDigest(text)) {
      throw new IllegalArgumentException("invalid digest: " + text);
    }
    return text;
  }

  /** The layer chain ID: the diffID for the base layer, else sha256 of "parentChain diffID". */
  public static String chainId(String parentChain, String diffId) {
    return parentChain == null ? diffId : of(parentChain + " " + diffId);
  }
}
