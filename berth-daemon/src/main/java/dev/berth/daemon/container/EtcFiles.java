package dev.berth.daemon.container;

import dev.berth.daemon.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The three files Docker provides in every container: /etc/hosts, /etc/hostname and
 * /etc/resolv.conf, kept with the container's data and bind-mounted over the image's own.
 */
final class EtcFiles {
  private EtcFiles() {}

  static void write(ContainerPaths paths, Container c, boolean hostNetwork, dev.berth.daemon.network.Endpoint endpoint)
      throws IOException {
    String address = endpoint == null ? null : endpoint.ip();
    List<String> networkDns = endpoint == null || endpoint.dnsServers() == null ? List.of() : endpoint.dnsServers();
    String hostname = c.config.path("Hostname").asText();
    String hostHosts = readOrEmpty(Path.of("/etc/hosts"));
    String hosts;
    if (hostNetwork) {
      hosts = hostHosts;
    } else {
      hosts = """
          127.0.0.1\tlocalhost
          ::1\tlocalhost ip6-localhost ip6-loopback
          fe00::\tip6-localnet
          ff00::\tip6-mcastprefix
          ff02::1\tip6-allnodes
          ff02::2\tip6-allrouters
          """;
      List<String> extra = new ArrayList<>();
      c.hostConfig.path("ExtraHosts").forEach(h -> {
        String s = h.asText();
        int colon = s.indexOf(':');
        if (colon > 0) {
          extra.add(s.substring(colon + 1) + "\t" + s.substring(0, colon));
        }
      });
      hosts += String.join("\n", extra) + (extra.isEmpty() ? "" : "\n");
      if (address != null) {
        hosts += address + "\t" + hostname + "\n";
      }
    }
    AtomicFiles.write(paths.hosts(), hosts.getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(paths.hostname(), (hostname + "\n").getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(paths.resolvConf(), resolvConf(c, hostNetwork, networkDns).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The host's resolver configuration; outside the host's network namespace loopback name servers
   * cannot be reached, so Docker drops them (and falls back to public ones, which this engine does
   * not add: a machine without those is better served by no answer than a wrong one).
   */
  private static String resolvConf(Container c, boolean hostNetwork, List<String> networkDns) throws IOException {
    String host = readOrEmpty(Path.of("/etc/resolv.conf"));
    List<String> dns = new ArrayList<>(strings(c, "Dns"));
    if (dns.isEmpty()) {
      // on a user-defined network the network's DNS server answers for container names (and
      // forwards the rest), as Docker's embedded server does
      dns.addAll(networkDns);
    }
    List<String> search = strings(c, "DnsSearch");
    List<String> options = strings(c, "DnsOptions");
    StringBuilder out = new StringBuilder();
    for (String line : host.split("\n")) {
      String t = line.strip();
      boolean loopback = t.startsWith("nameserver") && (t.contains(" 127.") || t.contains(" ::1"));
      // --dns, --dns-search and --dns-option replace the host's lines of their kind, as in Docker
      if ((loopback && !hostNetwork) || (t.startsWith("nameserver") && !dns.isEmpty())
          || ((t.startsWith("search") || t.startsWith("domain")) && !search.isEmpty())
          || (t.startsWith("options") && !options.isEmpty())) {
        continue;
      }
      if (!line.isEmpty()) {
        out.append(line).append('\n');
      }
    }
    dns.forEach(d -> out.append("nameserver ").append(d).append('\n'));
    if (!search.isEmpty()) {
      out.append("search ").append(String.join(" ", search)).append('\n');
    }
    if (!options.isEmpty()) {
      out.append("options ").append(String.join(" ", options)).append('\n');
    }
    return out.toString();
  }

  private static List<String> strings(Container c, String field) {
    List<String> out = new ArrayList<>();
    c.hostConfig.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String readOrEmpty(Path p) throws IOException {
    return Files.isReadable(p) ? Files.readString(p) : "";
  }
}
