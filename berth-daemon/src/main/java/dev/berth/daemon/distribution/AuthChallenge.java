package dev.berth.daemon.distribution;

import dev.berth.daemon.util.Messages;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme ({@code bearer},
 * {@code basic}, lower-cased) and its parameters ({@code realm}, {@code service}, {@code scope},
 * {@code error}). A header may hold several challenges; registries send one, but the parser takes
 * any, since a registry's answer is hostile input like any other.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

  public String param(String name) {
    return params.get(name);
  }

  /**
   * The bearer {@code realm} as the URI a token is fetched from. The registry chose it, so it is
   * checked here, once: an absolute {@code http} or {@code https} URI with a host and no fragment,
   * else a one-line {@link IOException} that fails the pull instead of an unchecked error deep in
   * the HTTP client.
   */
  public URI realm() throws IOException {
    String text = params.get("realm");
    if (text == null || text.isEmpty()) {
      throw new IOException("the registry's authentication challenge names no token realm");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IOException("the registry's token realm \"" + Messages.oneLine(text)
          + "\" is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawFragment() != null) {
      throw new IOException("the registry's token realm \"" + Messages.oneLine(text)
          + "\" is not an http(s) URL");
    }
    return uri;
  }

  /** Every challenge in the header values given; malformed parts are skipped, never fatal. */
  public static List<AuthChallenge> parse(List<String> headerValues) {
    List<AuthChallenge> out = new ArrayList<>();
    for (String v : headerValues) {
      out.addAll(parse(v));
    }
    return out;
  }

  public static List<AuthChallenge> parse(String header) {
    List<AuthChallenge> out = new ArrayList<>();
    if (header == null) {
      return out;
    }
    int[] pos = {0};
    int n = header.length();
    String scheme = null;
    Map<String, String> params = null;
    while (true) {
      skip(header, pos, " \t,");
      if (pos[0] >= n) {
        break;
      }
      String token = token(header, pos);
      if (token.isEmpty()) {
        pos[0]++; // a stray character: step over it
        continue;
      }
      int save = pos[0];
      skip(header, pos, " \t");
      if (pos[0] < n && header.charAt(pos[0]) == '=' && scheme != null) {
        pos[0]++;
        skip(header, pos, " \t");
        String value = pos[0] < n && header.charAt(pos[0]) == '"' ? quoted(header, pos) : token(header, pos);
        params.put(token.toLowerCase(Locale.ROOT), value);
      } else if (pos[0] < n && header.charAt(pos[0]) == '=') {
        pos[0] = save + 1; // a parameter before any scheme: ignore it
        token(header, pos);
      } else {
        if (scheme != null) {
          out.add(new AuthChallenge(scheme, params));
        }
        scheme = token.toLowerCase(Locale.ROOT);
        params = new LinkedHashMap<>();
        pos[0] = save;
      }
    }
    if (scheme != null) {
      out.add(new AuthChallenge(scheme, params));
    }
    return out;
  }

  private static void skip(String s, int[] pos, String chars) {
    while (pos[0] < s.length() && chars.indexOf(s.charAt(pos[0])) >= 0) {
      pos[0]++;
    }
  }

  private static String token(String s, int[] pos) {
    int start = pos[0];
    while (pos[0] < s.length()) {
      char c = s.charAt(pos[0]);
      if (c <= ' ' || c == ',' || c == '=' || c == '"' || c == ';') {
        break;
      }
      pos[0]++;
    }
    return s.substring(start, pos[0]);
  }

  private static String quoted(String s, int[] pos) {
    StringBuilder b = new StringBuilder();
    pos[0]++; // the opening quote
    while (pos[0] < s.length()) {
      char c = s.charAt(pos[0]++);
      if (c == '\\' && pos[0] < s.length()) {
        b.append(s.charAt(pos[0]++));
      } else if (c == '"') {
        break;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
