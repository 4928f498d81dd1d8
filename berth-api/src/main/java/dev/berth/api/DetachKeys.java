package dev.berth.api;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Docker's detach keys: a sequence typed on an attached terminal that ends the attach session and
 * leaves the container (or exec) running. Written as Docker writes it, comma-separated keys, each
 * either one character or {@code ctrl-<c>} with c one of {@code a-z @ [ \ ] ^ _}; the default is
 * {@code ctrl-p,ctrl-q}.
 *
 * <p>Shared by the daemon, which watches what a client types, and the CLI, which needs to know
 * that the stream it sees end was ended by the user's keys.
 */
public final class DetachKeys {
  public static final String DEFAULT = "ctrl-p,ctrl-q";

  private DetachKeys() {}

  /**
   * The bytes of a key sequence; null or blank means the default.
   *
   * @throws IllegalArgumentException with Docker's message when a key is not one of the above
   */
  public static byte[] parse(String spec) {
    if (spec == null || spec.isBlank()) {
      spec = DEFAULT;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String key : spec.split(",", -1)) {
      String k = key.strip();
      if (k.length() == 1 && k.charAt(0) < 0x80) {
        out.write(k.charAt(0));
      } else if (k.length() == 6 && k.regionMatches(true, 0, "ctrl-", 0, 5)) {
        char c = Character.toLowerCase(k.charAt(5));
        if (c >= 'a' && c <= 'z') {
          out.write(c - 'a' + 1);
        } else if (c == '@' || (c >= '[' && c <= '_')) {
          out.write(c == '@' ? 0 : c - '[' + 27);
        } else {
          throw invalid(spec);
        }
      } else {
        throw invalid(spec);
      }
    }
    return out.toByteArray();
  }

  private static IllegalArgumentException invalid(String spec) {
    return new IllegalArgumentException("Invalid detach keys (" + spec + ") provided");
  }

  /**
   * Watches a stream of typed bytes for the sequence. Bytes that may begin the sequence are held
   * back; when the sequence breaks off they are passed on with what broke it, so nothing the user
   * typed is lost or reordered, and the keys themselves never reach the container.
   */
  public static final class Scanner {
    private final byte[] keys;
    private int matched;
    private boolean detached;

    public Scanner(byte[] keys) {
      this.keys = keys.clone();
    }

    /** Whether the whole sequence has been seen; nothing after it is passed on. */
    public boolean detached() {
      return detached;
    }

    /** Feeds bytes; returns those to pass on now (possibly none). */
    public byte[] feed(byte[] b, int off, int len) {
      if (keys.length == 0) {
        return Arrays.copyOfRange(b, off, off + len);
      }
      ByteArrayOutputStream pass = new ByteArrayOutputStream(len + keys.length);
      for (int i = off; i < off + len && !detached; i++) {
        byte x = b[i];
        if (x == keys[matched]) {
          if (++matched == keys.length) {
            detached = true;
          }
          continue;
        }
        // the sequence broke off: what was held goes on, then this byte may start a new one
        pass.write(keys, 0, matched);
        matched = 0;
        if (x == keys[0]) {
          matched = 1;
          if (keys.length == 1) {
            detached = true;
          }
        } else {
          pass.write(x);
        }
      }
      return pass.toByteArray();
    }
  }
}
