package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A manager's door for joining nodes, on the swarm port (2377): a node shows its join token and is
 * told its role, the cluster's ID and the store's endpoints (and, for a manager, the etcd member it
 * is to start). The token is the only secret asked; it is checked in constant time, and a wrong one
 * is answered as Swarm answers it.
 */
final class JoinEndpoint implements AutoCloseable {
  /** What a joining node is given. */
  record Admission(String clusterId, NodeRole role, List<String> endpoints, String initialCluster, String memberName) {}

  private final HttpServer server;

  JoinEndpoint(ClusterService cluster, String host, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.createContext("/berth/join", x -> handle(cluster, x));
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  private static void handle(ClusterService cluster, HttpExchange x) throws IOException {
    try (x) {
      if (!x.getRequestMethod().equals("POST")) {
        reply(x, 405, error("method not allowed"));
        return;
      }
      byte[] body = x.getRequestBody().readNBytes(64 * 1024);
      JsonNode req;
      try {
        req = Json.tree(body);
      } catch (RuntimeException e) {
        reply(x, 400, error("malformed join request"));
        return;
      }
      Admission a;
      try {
        a = cluster.admit(req.path("Token").asText(""), req.path("NodeID").asText("x"), req.path("Addr").asText(""),
            req.path("SwarmPort").asInt(2377), req.path("WantsMember").asBoolean(false));
      } catch (RuntimeException e) {
        reply(x, 503, error(e.getMessage()));
        return;
      }
      if (a == null) {
        reply(x, 400, error("rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster"));
        return;
      }
      ObjectNode out = Json.api().createObjectNode();
      out.put("ClusterID", a.clusterId()).put("Role", a.role().apiName()).put("InitialCluster", a.initialCluster())
          .put("Member", a.memberName());
      ArrayNode eps = out.putArray("Endpoints");
      a.endpoints().forEach(eps::add);
      reply(x, 200, out);
    }
  }

  private static ObjectNode error(String message) {
    return Json.api().createObjectNode().put("message", message);
  }

  private static void reply(HttpExchange x, int status, ObjectNode body) throws IOException {
    byte[] b = Json.toBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(b);
    }
  }

  /** The joining side: asks the manager at {@code manager} to admit this node. */
  static Admission ask(HostPort manager, String token, String nodeId, String addr, int swarmPort, boolean wantsMember) {
    ObjectNode req = Json.api().createObjectNode();
    req.put("Token", token).put("NodeID", nodeId).put("Addr", addr).put("SwarmPort", swarmPort)
        .put("WantsMember", wantsMember);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<byte[]> r;
    try {
      r = http.send(HttpRequest.newBuilder(URI.create("http://" + manager + "/berth/join"))
          .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(req))).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw ClusterErrors.storeDown("could not reach the manager at " + manager + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ClusterErrors.storeDown("interrupted while joining");
    }
    JsonNode body;
    try {
      body = Json.tree(r.body());
    } catch (RuntimeException e) {
      throw ClusterErrors.invalid("the manager at " + manager + " answered something that is not a join reply");
    }
    if (r.statusCode() != 200) {
      throw ClusterErrors.invalid(body.path("message").asText("join refused"));
    }
    List<String> eps = new ArrayList<>();
    body.path("Endpoints").forEach(e -> eps.add(e.asText()));
    if (eps.isEmpty() || eps.stream().anyMatch(e -> !e.startsWith("http://") && !e.startsWith("https://"))) {
      throw ClusterErrors.invalid("the manager at " + manager + " gave no usable store endpoints");
    }
    return new Admission(body.path("ClusterID").asText(), NodeRole.fromApi(body.path("Role").asText("worker")), eps,
        body.path("InitialCluster").isTextual() ? body.path("InitialCluster").asText() : null,
        body.path("Member").isTextual() ? body.path("Member").asText() : null);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
