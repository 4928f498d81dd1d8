package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.api.Json;
import dev.berth.daemon.network.Endpoint;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Docker's legacy links ({@code --link name:alias}, HostConfig.Links) on the default bridge: at
 * start the linked container's address goes into /etc/hosts under the alias, and its exposed ports
 * and environment into the environment ({@code ALIAS_PORT_80_TCP_ADDR}, {@code ALIAS_ENV_FOO}).
 * On user networks a link is a DNS alias instead (see {@link ContainerNetworking}).
 */
final class LegacyLinks {
  /** One resolved link: the alias, the linked container and its address. */
  record Link(String alias, Container target, String ip) {}

  private LegacyLinks() {}

  /** {@code name:alias} pairs as given; the alias defaults to the name. */
  static List<String[]> parse(JsonNode links) {
    List<String[]> out = new ArrayList<>();
    if (links == null) {
      return out;
    }
    for (JsonNode l : links) {
      String s = l.asText();
      int colon = s.indexOf(':');
      String name = (colon < 0 ? s : s.substring(0, colon)).replaceFirst("^/", "");
      String alias = colon < 0 ? name : s.substring(colon + 1);
      alias = alias.contains("/") ? alias.substring(alias.lastIndexOf('/') + 1) : alias;
      if (!name.isEmpty()) {
        out.add(new String[] {name, alias});
      }
    }
    return out;
  }

  /** Refused at create, as Docker refuses it: a link to a container that does not exist. */
  static void checkAtCreate(Container c, ContainerStore store) {
    if (!c.networkMode.equals("bridge")) {
      return;
    }
    for (String[] l : parse(c.hostConfig.get("Links"))) {
      if (store.find(l[0]) == null) {
        throw ApiException.badRequest("could not get container for " + l[0]);
      }
    }
  }

  /** The links of a container starting on the default bridge; its targets must be running there. */
  static List<Link> resolve(Container c, ContainerStore store, Endpoint own) {
    List<Link> out = new ArrayList<>();
    if (!c.networkMode.equals("bridge") || own == null) {
      return out;
    }
    for (String[] l : parse(c.hostConfig.get("Links"))) {
      Container t = store.find(l[0]);
      Endpoint te = t == null ? null : ContainerService.endpointsOf(t).stream()
          .filter(e -> e.networkId().equals(own.networkId())).findFirst().orElse(null);
      if (t == null || !t.state.running() || te == null) {
        throw ApiException.badRequest("Cannot link to a non running container: /" + l[0] + " AS /" + c.name + "/"
            + l[1]);
      }
      out.add(new Link(l[1], t, te.ip()));
    }
    return out;
  }

  /** The process environment with each link's variables added, as Docker names them. */
  static List<String> env(List<Link> links, Container c, List<String> base) {
    if (links.isEmpty()) {
      return base;
    }
    List<String> out = new ArrayList<>(base);
    for (Link l : links) {
      String p = l.alias().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
      out.add(p + "_NAME=/" + c.name + "/" + l.alias());
      TreeMap<Integer, List<String>> ports = new TreeMap<>();
      l.target().config.path("ExposedPorts").fieldNames().forEachRemaining(k -> {
        String[] pp = k.split("/");
        ports.computeIfAbsent(Integer.parseInt(pp[0]), x -> new ArrayList<>()).add(pp.length > 1 ? pp[1] : "tcp");
      });
      if (!ports.isEmpty()) {
        out.add(p + "_PORT=" + ports.firstEntry().getValue().get(0) + "://" + l.ip() + ":" + ports.firstKey());
      }
      ports.forEach((port, protos) -> protos.forEach(proto -> {
        String k = p + "_PORT_" + port + "_" + proto.toUpperCase(Locale.ROOT);
        out.add(k + "=" + proto + "://" + l.ip() + ":" + port);
        out.add(k + "_ADDR=" + l.ip());
        out.add(k + "_PORT=" + port);
        out.add(k + "_PROTO=" + proto);
      }));
      for (JsonNode e : l.target().config.path("Env")) {
        String s = e.asText();
        int eq = s.indexOf('=');
        if (eq > 0 && !s.startsWith("HOME=") && !s.startsWith("PATH=")) {
          out.add(p + "_ENV_" + s.substring(0, eq) + "=" + s.substring(eq + 1));
        }
      }
    }
    return out;
  }

  /** Adds the links' entries to the container's /etc/hosts ({@code ip alias hostname name}). */
  static void writeHosts(ContainerPaths paths, List<Link> links) throws IOException {
    if (links.isEmpty()) {
      return;
    }
    StringBuilder hosts = new StringBuilder(Files.readString(paths.hosts()));
    for (Link l : links) {
      hosts.append(l.ip()).append('\t').append(l.alias()).append(' ')
          .append(l.target().config.path("Hostname").asText()).append(' ').append(l.target().name).append('\n');
    }
    AtomicFiles.write(paths.hosts(), hosts.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code DELETE /containers/{name}/{alias}?link=1}: forgets one link of a container. */
  static void remove(Container c, String alias) {
    JsonNode links = c.hostConfig.get("Links");
    ArrayNode kept = Json.plain().createArrayNode();
    boolean found = false;
    List<String[]> parsed = parse(links);
    for (int i = 0; i < parsed.size(); i++) {
      if (parsed.get(i)[1].equals(alias)) {
        found = true;
      } else {
        kept.add(links.get(i).asText());
      }
    }
    if (!found) {
      throw ApiException.notFound("Could not find container link /" + c.name + "/" + alias);
    }
    c.hostConfig.set("Links", kept);
  }

  /** Aliases on a user network that other containers' links give the container joining it. */
  static List<String> aliasesFromLinksTo(Container joining, String networkName, List<Container> all) {
    List<String> out = new ArrayList<>();
    for (Container other : all) {
      if (other == joining) {
        continue;
      }
      for (ContainerNetworking.Wanted w : ContainerNetworking.wanted(other)) {
        if (!w.network().equals(networkName)) {
          continue;
        }
        List<String[]> links = new ArrayList<>(parse(w.settings() == null ? null : w.settings().get("Links")));
        if (w.primary()) {
          links.addAll(parse(other.hostConfig.get("Links")));
        }
        for (String[] l : links) {
          if ((l[0].equals(joining.name) || joining.id.startsWith(l[0])) && !out.contains(l[1])) {
            out.add(l[1]);
          }
        }
      }
    }
    return out;
  }
}
