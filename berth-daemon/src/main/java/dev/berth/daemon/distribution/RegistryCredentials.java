package dev.berth.daemon.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a client gives the daemon to log in to a registry: a username and password, or an identity
 * token (an OAuth refresh token from an earlier login), or a registry token to use as it is. The
 * docker CLI sends these as the {@code X-Registry-Auth} header: base64url of a JSON object.
 */
public record RegistryCredentials(String username, String password, String identityToken, String registryToken,
    String serverAddress) {
  public static final RegistryCredentials ANONYMOUS = new RegistryCredentials(null, null, null, null, null);

  public boolean anonymous() {
    return empty(username) && empty(identityToken) && empty(registryToken);
  }

  boolean hasPassword() {
    return !empty(username) && password != null;
  }

  static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  /**
   * Decodes an {@code X-Registry-Auth} value. Docker accepts standard and URL-safe base64, padded
   * or not; an empty or {@code {}} header is anonymous. A header that is not base64 JSON is refused.
   */
  public static RegistryCredentials fromHeader(String header) {
    if (header == null || header.isBlank()) {
      return ANONYMOUS;
    }
    String text = header.trim().replace('+', '-').replace('/', '_');
    while (text.endsWith("=")) {
      text = text.substring(0, text.length() - 1);
    }
    JsonNode n;
    try {
      byte[] json = Base64.getUrlDecoder().decode(text);
      n = Json.plain().readTree(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException("invalid X-Registry-Auth header: not base64-encoded JSON");
    }
    if (n == null || !n.isObject()) {
      return ANONYMOUS;
    }
    return fromJson(n);
  }

  /** The fields of an auth config object (the {@code POST /auth} body uses the same names). */
  public static RegistryCredentials fromJson(JsonNode n) {
    return new RegistryCredentials(text(n, "username"), text(n, "password"), text(n, "identitytoken"),
        text(n, "registrytoken"), text(n, "serveraddress"));
  }

  private static String text(JsonNode n, String field) {
    // Go decodes JSON keys case-insensitively; clients write "Username" as often as "username".
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.equalsIgnoreCase(field) && n.get(name).isTextual()) {
        return n.get(name).asText();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "RegistryCredentials[" + (anonymous() ? "anonymous" : "user=" + username) + "]"; // never the secret
  }
}
