package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a restarted berthd must show, checked from the outside: the store opens and every object it
 * lists is whole, and nothing the daemon made on the host is left over that no running container
 * accounts for (mounts under its roots, network namespaces, veths on its bridges, iptables rules
 * naming its subnets' addresses, aardvark-dns names, conmon processes, temp files). Everything is
 * attributed to this daemon by its own roots, bridges, subnets and the container IDs it reported,
 * so other daemons running on the host at the same time are never counted.
 */
final class HostAudit {
  private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})(?![0-9])");
  private final BerthDaemon daemon;
  /** Every container ID this daemon was seen to report (events, listings): whose namespaces are ours. */
  private final Set<String> knownIds;

  HostAudit(BerthDaemon daemon, Set<String> knownIds) {
    this.daemon = daemon;
    this.knownIds = knownIds;
  }

  /** A running container as the audit needs it. */
  record Running(String id, String sandbox, Map<String, String> ipByNetwork) {}

  /** Runs every check; {@code context} says which operation's crash this follows. */
  void check(String context) throws Exception {
    List<JsonNode> containers = containers(context);
    Map<String, Running> running = new HashMap<>();
    for (JsonNode c : containers) {
      knownIds.add(c.path("Id").asText());
      if (c.path("State").path("Running").asBoolean()) {
        Map<String, String> ips = new HashMap<>();
        c.path("NetworkSettings").path("Networks").fields()
            .forEachRemaining(e -> ips.put(e.getValue().path("NetworkID").asText(), e.getValue().path("IPAddress").asText()));
        running.put(c.path("Id").asText(),
            new Running(c.path("Id").asText(), c.path("NetworkSettings").path("SandboxKey").asText(), ips));
      }
    }
    images(context);
    volumes(context);
    mounts(context, running.keySet());
    namespaces(context, running);
    networks(context, running);
    monitors(context, running.keySet());
    tempFiles(context);
  }

  private Command.Result ok(String context, String... args) {
    Command.Result r = daemon.docker(args);
    assertThat(r.exitCode()).as("%s: docker %s\n%s", context, String.join(" ", args), r).isZero();
    return r;
  }

  /** Every listed container inspects whole and has its directory; no directory without a container; no build step left. */
  private List<JsonNode> containers(String context) throws IOException {
    List<String> ids = lines(ok(context, "ps", "-aq", "--no-trunc").stdout());
    List<JsonNode> out = new ArrayList<>();
    if (!ids.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("inspect", "--type", "container"));
      args.addAll(ids);
      JsonNode all = Json.tree(ok(context, args.toArray(String[]::new)).stdout().getBytes(StandardCharsets.UTF_8));
      all.forEach(out::add);
    }
    for (JsonNode c : out) {
      assertThat(c.path("Config").path("Labels").has("dev.berth.build.step"))
          .as("%s: a build's step container %s outlived its build", context, c.path("Id").asText()).isFalse();
      assertThat(daemon.dataRoot().resolve("containers").resolve(c.path("Id").asText()))
          .as("%s: container %s has no directory", context, c.path("Name").asText()).isDirectory();
    }
    assertThat(listNames(daemon.dataRoot().resolve("containers")))
        .as("%s: container directories without a container", context).isSubsetOf(ids);
    assertThat(listNames(daemon.execRoot().resolve("containers")))
        .as("%s: container bundles without a container", context).isSubsetOf(ids);
    return out;
  }

  /** Every listed image inspects, and each of its layers is unpacked and registered. */
  private void images(String context) throws Exception {
    List<String> args = new ArrayList<>(List.of("image", "inspect", "-f", "{{.Id}} {{json .RootFS.Layers}}"));
    args.addAll(new TreeSet<>(lines(ok(context, "images", "-aq", "--no-trunc").stdout())));
    Set<String> referenced = new HashSet<>();
    for (String line : args.size() == 4 ? List.<String>of() : lines(ok(context, args.toArray(String[]::new)).stdout())) {
      String id = line.substring(0, line.indexOf(' '));
      String layers = line.substring(line.indexOf(' ') + 1);
      String parent = null;
      for (JsonNode diff : Json.tree(layers.getBytes(StandardCharsets.UTF_8))) {
        String chain = parent == null ? diff.asText() : sha256(parent + " " + diff.asText());
        Path dir = daemon.dataRoot().resolve("overlay").resolve(chain.substring("sha256:".length()));
        assertThat(dir.resolve("diff")).as("%s: image %s lacks layer %s", context, id, chain).isDirectory();
        assertThat(dir.resolve("link")).as("%s: layer %s has no short link", context, chain).isRegularFile();
        referenced.add(chain.substring("sha256:".length()));
        parent = chain;
      }
    }
    List<String> unreferenced = new ArrayList<>();
    for (String dir : listNames(daemon.dataRoot().resolve("overlay"))) {
      if (!dir.equals("l") && !referenced.contains(dir)) {
        unreferenced.add(dir);
      }
    }
    assertThat(unreferenced).as("%s: layers no image uses (half-finished pulls, loads, builds)", context).isEmpty();
    List<String> dangling = new ArrayList<>();
    Path links = daemon.dataRoot().resolve("overlay").resolve("l");
    for (String link : listNames(links)) {
      if (!Files.isDirectory(links.resolve(link))) {
        dangling.add(link);
      }
    }
    assertThat(dangling).as("%s: short layer links to nothing", context).isEmpty();
  }

  /** Every volume has its directory; no half-filled copy; no directory without a volume. */
  private void volumes(String context) throws IOException {
    List<String> names = lines(ok(context, "volume", "ls", "-q").stdout());
    Path root = daemon.dataRoot().resolve("volumes");
    for (String n : names) {
      assertThat(listNames(root.resolve(n))).as("%s: volume %s holds a half-made copy", context, n)
          .allMatch(f -> f.equals("_data"));
    }
    assertThat(listNames(root)).as("%s: volume directories without a volume", context).isSubsetOf(names);
  }

  /** Under the daemon's roots only running containers' roots are mounted. */
  private void mounts(String context, Set<String> running) throws IOException {
    Set<String> allowed = new HashSet<>();
    for (String id : running) {
      allowed.add(daemon.execRoot().resolve("containers").resolve(id).resolve("rootfs").toString());
    }
    List<String> leaked = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      String target = f[4];
      boolean ours = target.startsWith(daemon.dataRoot() + "/") || target.startsWith(daemon.execRoot() + "/");
      if (ours && !allowed.contains(target)) {
        leaked.add(target);
      }
    }
    assertThat(leaked).as("%s: mounts nobody owns", context).isEmpty();
  }

  /** Namespaces named after this daemon's containers exist only for running ones, as their sandbox. */
  private void namespaces(String context, Map<String, Running> running) throws IOException {
    Set<String> sandboxes = new HashSet<>();
    running.values().forEach(r -> sandboxes.add(r.sandbox()));
    List<String> leaked = new ArrayList<>();
    for (String name : listNames(Path.of("/run/netns"))) {
      if (!name.startsWith("berth-") || name.startsWith("berth-anchor-")) {
        continue;
      }
      String prefix = name.substring("berth-".length());
      boolean ours = knownIds.stream().anyMatch(id -> id.startsWith(prefix));
      if (ours && !sandboxes.contains("/run/netns/" + name)) {
        leaked.add(name);
      }
    }
    assertThat(leaked).as("%s: network namespaces of containers that do not run", context).isEmpty();
  }

  /**
   * On each of the daemon's bridges: as many veths as running endpoints (and the default bridge's
   * anchor); iptables rules and aardvark-dns names only for running containers' addresses.
   */
  /** The host interface that holds {@code address}, or "" when none does. */
  private static String interfaceWith(String address) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ip", "-o", "-4", "addr", "show").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    for (String line : out.lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 3 && f[2].equals("inet") && f[3].startsWith(address + "/")) {
        return f[1];
      }
    }
    return "";
  }

  /** The subnet's first host address, which is where Berth puts a network's gateway by default. */
  private static String firstAddress(String cidr) {
    String[] parts = cidr.split("/")[0].split("\\.");
    return parts[0] + "." + parts[1] + "." + parts[2] + "." + (Integer.parseInt(parts[3]) + 1);
  }

  private void networks(String context, Map<String, Running> running) throws Exception {
    List<String> args = new ArrayList<>(List.of("network", "inspect"));
    args.addAll(lines(ok(context, "network", "ls", "-q", "--no-trunc").stdout()));
    String rules = iptablesRules();
    for (JsonNode n : Json.tree(ok(context, args.toArray(String[]::new)).stdout().getBytes(StandardCharsets.UTF_8))) {
      if (!n.path("Driver").asText().equals("bridge")) {
        continue;
      }
      String subnet = n.path("IPAM").path("Config").path(0).path("Subnet").asText();
      String gateway = n.path("IPAM").path("Config").path(0).path("Gateway").asText();
      // Docker shows the bridge's name only when it was given: find the interface by its address
      String bridge = n.path("Options").path("com.docker.network.bridge.name").asText("");
      if (bridge.isEmpty()) {
        bridge = interfaceWith(gateway.isEmpty() ? firstAddress(subnet) : gateway);
      }
      boolean isDefault = n.path("Name").asText().equals("bridge");
      Set<String> allowedIps = new HashSet<>();
      int endpoints = 0;
      for (Running r : running.values()) {
        String ip = r.ipByNetwork().get(n.path("Id").asText());
        if (ip != null && !ip.isEmpty()) {
          allowedIps.add(ip);
          endpoints++;
        }
      }
      int anchor = 0;
      if (isDefault && Files.exists(Path.of("/run/netns/berth-anchor-" + bridge))) {
        anchor = 1;
        allowedIps.add(lastAddress(subnet));
      }
      Path brif = Path.of("/sys/class/net", bridge, "brif");
      int veths = Files.isDirectory(brif) ? listNames(brif).size() : 0;
      assertThat(veths).as("%s: veths on %s (%s running endpoints%s)", context, bridge, endpoints,
          anchor == 1 ? " and the anchor" : "").isEqualTo(endpoints + anchor);
      List<String> stray = new ArrayList<>();
      for (String line : rules.lines().toList()) {
        Matcher m = IPV4.matcher(line);
        while (m.find()) {
          String ip = m.group(1);
          String after = line.substring(m.end());
          boolean network = after.startsWith("/") && !after.startsWith("/32");
          if (inSubnet(ip, subnet) && !ip.equals(gateway) && !network && !allowedIps.contains(ip)) {
            stray.add(line);
          }
        }
      }
      assertThat(stray).as("%s: iptables rules for addresses on %s that nobody holds", context, subnet).isEmpty();
      Path dns = daemon.execRoot().resolve("netavark").resolve("aardvark-dns").resolve(n.path("Name").asText());
      if (Files.isRegularFile(dns)) {
        List<String> records = Files.readAllLines(dns);
        for (String record : records.subList(Math.min(1, records.size()), records.size())) {
          String cid = record.split(" ", 2)[0];
          if (!record.isBlank()) {
            assertThat(running).as("%s: DNS names on %s for a container that does not run: %s", context,
                n.path("Name").asText(), record).containsKey(cid);
          }
        }
      }
    }
  }

  /** conmon processes whose bundle is under this daemon's exec root belong to running containers. */
  private void monitors(String context, Set<String> running) throws IOException {
    String bundles = daemon.execRoot().resolve("containers") + "/";
    List<String> leaked = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] argv;
        try {
          argv = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
        } catch (IOException gone) {
          continue;
        }
        if (argv.length == 0 || !argv[0].endsWith("conmon")) {
          continue;
        }
        for (int i = 0; i + 1 < argv.length; i++) {
          if (argv[i].equals("-b") && argv[i + 1].startsWith(bundles)) {
            String id = Path.of(argv[i + 1]).getFileName().toString();
            if (!running.contains(id)) {
              leaked.add(p.getFileName() + " " + id);
            }
          }
        }
      }
    }
    assertThat(leaked).as("%s: conmon processes of containers that do not run", context).isEmpty();
  }

  /** No temp file of a write that a crash cut short survives the restart. */
  private void tempFiles(String context) throws IOException {
    Path data = daemon.dataRoot();
    List<String> leftovers = new ArrayList<>();
    try (Stream<Path> s = Files.walk(data)) {
      s.filter(p -> !insideContent(data, p)).forEach(p -> {
        String rel = data.relativize(p).toString();
        String name = p.getFileName().toString();
        boolean temp = rel.startsWith("tmp/") || rel.matches("overlay/tmp-[^/]*") || rel.matches("build/.+")
            || rel.matches("containers/[^/]+/(step|commit)-[^/]*\\.tar")
            || name.startsWith(".") && name.contains(".tmp-") || name.endsWith(".tmp");
        if (temp) {
          leftovers.add(rel);
        }
      });
    }
    assertThat(leftovers).as("%s: temp files left by the crash", context).isEmpty();
  }

  /** Layer contents, writable layers and volume data are the user's files, not berthd's. */
  private static boolean insideContent(Path data, Path p) {
    if (!p.startsWith(data) || p.equals(data)) {
      return false;
    }
    String rel = data.relativize(p).toString();
    return rel.matches("overlay/[0-9a-f]{64}/diff/.+") || rel.matches("containers/[^/]+/(diff|work)/.+")
        || rel.matches("volumes/[^/]+/_data/.+");
  }

  private static String iptablesRules() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("iptables-save").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  static List<String> lines(String s) {
    return s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  static List<String> listNames(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  static String sha256(String s) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static long toLong(String ip) {
    long v = 0;
    for (String part : ip.split("\\.")) {
      v = v * 256 + Integer.parseInt(part);
    }
    return v;
  }

  private static boolean inSubnet(String ip, String cidr) {
    try {
      String[] c = cidr.split("/");
      int bits = Integer.parseInt(c[1]);
      long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
      return (toLong(ip) & mask) == (toLong(c[0]) & mask);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String lastAddress(String cidr) {
    String[] c = cidr.split("/");
    long v = toLong(c[0]) + (1L << (32 - Integer.parseInt(c[1]))) - 2;
    return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
  }
}
