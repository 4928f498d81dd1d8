package dev.berth.daemon.server;

import dev.berth.api.ApiVersion;
import io.netty.handler.codec.http.HttpHeaders;

/** The headers every Engine API response carries, which clients read to negotiate. */
final class ApiHeaders {
  static final String SERVER = "Berth/" + Versions.ENGINE + " (linux)";

  private ApiHeaders() {}

  static void apply(HttpHeaders h) {
    h.set("Api-Version", ApiVersion.CURRENT.toString());
    h.set("Ostype", "linux");
    h.set("Server", SERVER);
    h.set("Docker-Experimental", "false");
  }
}
