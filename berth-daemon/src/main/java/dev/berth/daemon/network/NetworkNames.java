package dev.berth.daemon.network;

import dev.berth.daemon.server.ApiException;
import java.util.regex.Pattern;

/**
 * The characters a network name or a DNS alias may use: Docker's restricted name set
 * ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}). netavark writes a file named after the network under its
 * config directory and aardvark-dns keeps one line per alias, so a {@code /}, a newline or a
 * space in either would let a client write outside that directory or forge DNS records: they are
 * refused before anything is stored.
 */
public final class NetworkNames {
  private static final Pattern ALLOWED = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  /** A DNS name is at most 253 characters; netavark's file names stay well under NAME_MAX with it. */
  private static final int MAX_LENGTH = 253;

  private NetworkNames() {}

  /** Refuses a network name Docker would not accept as a name. */
  public static void requireValidName(String name) {
    if (!valid(name)) {
      throw ApiException.badRequest("Invalid network name (" + printable(name)
          + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
  }

  /** Refuses an endpoint alias that could not be a name on the network. */
  public static void requireValidAlias(String alias) {
    if (!valid(alias)) {
      throw ApiException.badRequest("Invalid network alias (" + printable(alias)
          + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
  }

  static boolean valid(String s) {
    return s != null && s.length() <= MAX_LENGTH && ALLOWED.matcher(s).matches();
  }

  /** The name as one line: control characters shown escaped, so the error stays one line. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(300).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }
}
