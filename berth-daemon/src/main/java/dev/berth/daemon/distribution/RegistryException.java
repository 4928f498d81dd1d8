package dev.berth.daemon.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.io.IOException;
import java.util.Locale;

/**
 * A registry said no: the HTTP status, and the first entry of the distribution API's
 * {@code {"errors":[{"code","message"}]}} body when there is one, so that the user reads what the
 * registry meant ({@code manifest unknown}, {@code unauthorized: authentication required}).
 */
public final class RegistryException extends IOException {
  private final int status;
  private final String code;

  public RegistryException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public boolean notFound() {
    return status == 404 || "MANIFEST_UNKNOWN".equals(code) || "NAME_UNKNOWN".equals(code)
        || "BLOB_UNKNOWN".equals(code);
  }

  public boolean unauthorized() {
    return status == 401 || "UNAUTHORIZED".equals(code);
  }

  public boolean denied() {
    return status == 403 || "DENIED".equals(code);
  }

  /** Builds the error from a response body; {@code what} names the request in the message. */
  static RegistryException from(int status, byte[] body) {
    String code = null;
    String text = null;
    try {
      JsonNode n = Json.plain().readTree(body);
      JsonNode first = n == null ? null : n.path("errors").path(0);
      if (first != null && first.isObject()) {
        code = first.path("code").asText(null);
        text = first.path("message").asText("");
        if (code != null) {
          text = code.toLowerCase(Locale.ROOT).replace('_', ' ') + (text.isEmpty() ? "" : ": " + text);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: a proxy's page or nothing
    }
    if (text == null || text.isEmpty()) {
      text = switch (status) {
        case 401 -> "unauthorized: authentication required";
        case 403 -> "denied: requested access to the resource is denied";
        case 404 -> "not found";
        default -> "unexpected status from registry: " + status;
      };
    }
    return new RegistryException(status, code, text);
  }
}
