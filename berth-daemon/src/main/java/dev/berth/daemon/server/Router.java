package dev.berth.daemon.server;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a method and an unversioned path such as {@code /containers/abc/start} to its handler and
 * path parameters. Patterns name parameters in braces ({@code /containers/{id}/start}); a trailing
 * {@code {name*}} takes the rest of the path, which image names with slashes need.
 */
public final class Router {
  /** Handles one request; runs on a worker thread and may block. */
  @FunctionalInterface
  public interface Handler {
    void handle(Exchange exchange) throws Exception;
  }

  /** How a route's connection is used. */
  public enum Kind {
    /** An ordinary request and response. */
    PLAIN,
    /** The connection may be hijacked (attach, exec start): the decoder stops after the headers. */
    HIJACK
  }

  /** A matched route. */
  public record Match(Handler handler, Kind kind, Map<String, String> params) {}

  private record Route(HttpMethod method, String[] parts, Handler handler, Kind kind) {}

  private final List<Route> routes = new ArrayList<>();

  public Router get(String pattern, Handler h) {
    return add(HttpMethod.GET, pattern, h, Kind.PLAIN);
  }

  public Router post(String pattern, Handler h) {
    return add(HttpMethod.POST, pattern, h, Kind.PLAIN);
  }

  public Router delete(String pattern, Handler h) {
    return add(HttpMethod.DELETE, pattern, h, Kind.PLAIN);
  }

  public Router head(String pattern, Handler h) {
    return add(HttpMethod.HEAD, pattern, h, Kind.PLAIN);
  }

  public Router put(String pattern, Handler h) {
    return add(HttpMethod.PUT, pattern, h, Kind.PLAIN);
  }

  public Router add(HttpMethod method, String pattern, Handler h, Kind kind) {
    routes.add(new Route(method, split(pattern), h, kind));
    return this;
  }

  /** The route for a request, or null when the path matches none; {@code methodAllowed} is set when only the method differs. */
  public Match match(HttpMethod method, String path, boolean[] pathKnown) {
    String[] parts = split(path);
    for (Route r : routes) {
      Map<String, String> params = matchParts(r.parts, parts);
      if (params == null) {
        continue;
      }
      if (pathKnown != null) {
        pathKnown[0] = true;
      }
      if (r.method.equals(method)) {
        return new Match(r.handler, r.kind, params);
      }
    }
    return null;
  }

  private static Map<String, String> matchParts(String[] pattern, String[] parts) {
    int greedy = -1;
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].endsWith("*}")) {
        greedy = i;
      }
    }
    if (greedy < 0 ? pattern.length != parts.length : parts.length < pattern.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    int tail = pattern.length - 1 - Math.max(greedy, 0);
    for (int i = 0; i < pattern.length; i++) {
      if (i == greedy) {
        String joined = String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length - tail));
        params.put(pattern[i].substring(1, pattern[i].length() - 2), joined);
        continue;
      }
      int at = greedy >= 0 && i > greedy ? parts.length - (pattern.length - i) : i;
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        params.put(p.substring(1, p.length() - 1), parts[at]);
      } else if (!p.equals(parts[at])) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }
}
