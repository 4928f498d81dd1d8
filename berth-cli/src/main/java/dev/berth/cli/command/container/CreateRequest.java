package dev.berth.cli.command.container;

import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.command.network.Networks;
import dev.berth.cli.format.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns run/create flags into the body of {@code POST /containers/create}: the container config
 * with {@code HostConfig} and {@code NetworkingConfig} inside, shaped as docker's CLI sends it.
 */
public record CreateRequest(String name, String platform, String image, Map<String, Object> body, boolean tty,
    boolean stdin, boolean stdout, boolean stderr, boolean autoRemove, String cidfile) {

  /** Builds the request; {@code detach} is whether the CLI will return without attaching. */
  public static CreateRequest from(ParsedArgs a, boolean detach, Map<String, String> env) throws IOException {
    List<String> pos = a.positional();
    String image = pos.get(0);
    List<String> cmd = new ArrayList<>(pos.subList(1, pos.size()));
    boolean tty = a.bool("tty");
    boolean interactive = a.bool("interactive");
    List<String> attach = a.list("attach");
    boolean attachStdin = false;
    boolean attachStdout = false;
    boolean attachStderr = false;
    if (!detach) {
      if (attach.isEmpty()) {
        attachStdout = true;
        attachStderr = true;
        attachStdin = interactive;
      } else {
        for (String s : attach) {
          switch (s.toLowerCase(Locale.ROOT)) {
            case "stdin" -> attachStdin = true;
            case "stdout" -> attachStdout = true;
            case "stderr" -> attachStderr = true;
            default -> throw new UsageException("invalid argument \"" + s + "\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR");
          }
        }
      }
    } else if (!attach.isEmpty()) {
      throw new IllegalArgumentException("conflicting options: cannot specify both --attach and --detach");
    }

    Map<String, Object> c = new LinkedHashMap<>();
    c.put("Hostname", a.value("hostname", ""));
    c.put("Domainname", a.value("domainname", ""));
    c.put("User", a.value("user", ""));
    c.put("AttachStdin", attachStdin);
    c.put("AttachStdout", attachStdout);
    c.put("AttachStderr", attachStderr);
    Map<String, Object> exposed = new LinkedHashMap<>();
    for (String e : a.list("expose")) {
      exposePorts(e, exposed);
    }
    Map<String, Object> bindings = PortSpec.parse(a.list("publish"), exposed);
    if (!exposed.isEmpty()) {
      c.put("ExposedPorts", exposed);
    }
    c.put("Tty", tty);
    c.put("OpenStdin", interactive);
    c.put("StdinOnce", interactive && attachStdin && !detach);
    c.put("Env", envList(a, env));
    c.put("Cmd", cmd.isEmpty() ? null : cmd);
    healthcheck(a, c);
    c.put("Image", image);
    Map<String, Object> volumes = new LinkedHashMap<>();
    List<String> binds = new ArrayList<>();
    for (String v : a.list("volume")) {
      if (v.contains(":")) {
        binds.add(v);
      } else {
        volumes.put(v, Map.of());
      }
    }
    c.put("Volumes", volumes.isEmpty() ? null : volumes);
    c.put("WorkingDir", a.value("workdir", ""));
    String entrypoint = a.value("entrypoint");
    c.put("Entrypoint", entrypoint == null ? null : entrypoint.isEmpty() ? List.of("") : List.of(entrypoint));
    c.put("OnBuild", null);
    c.put("Labels", labels(a));
    if (a.has("stop-signal")) {
      c.put("StopSignal", a.value("stop-signal"));
    }
    if (a.has("stop-timeout")) {
      c.put("StopTimeout", a.longValue("stop-timeout", 10));
    }
    if (a.has("mac-address")) {
      c.put("MacAddress", a.value("mac-address"));
    }

    Map<String, Object> h = new LinkedHashMap<>();
    h.put("Binds", binds.isEmpty() ? null : binds);
    h.put("ContainerIDFile", a.value("cidfile", ""));
    Map<String, Object> logConfig = new LinkedHashMap<>();
    logConfig.put("Type", a.value("log-driver", ""));
    logConfig.put("Config", keyValues(a.list("log-opt")));
    h.put("LogConfig", logConfig);
    String network = a.value("network", a.value("net"));
    if (network != null) {
      h.put("NetworkMode", network);
    }
    h.put("PortBindings", bindings);
    h.put("RestartPolicy", restartPolicy(a.value("restart", "no")));
    boolean autoRemove = a.bool("rm");
    if (autoRemove && !a.value("restart", "no").equals("no")) {
      throw new IllegalArgumentException("conflicting options: cannot specify both --restart and --rm");
    }
    h.put("AutoRemove", autoRemove);
    h.put("VolumeDriver", a.value("volume-driver", ""));
    h.put("VolumesFrom", nullIfEmpty(a.list("volumes-from")));
    h.put("CapAdd", nullIfEmpty(a.list("cap-add")));
    h.put("CapDrop", nullIfEmpty(a.list("cap-drop")));
    h.put("CgroupnsMode", a.value("cgroupns", ""));
    h.put("Dns", dnsServers(a.list("dns")));
    h.put("DnsOptions", a.list("dns-option"));
    h.put("DnsSearch", a.list("dns-search"));
    h.put("ExtraHosts", nullIfEmpty(extraHosts(a.list("add-host"))));
    h.put("GroupAdd", nullIfEmpty(a.list("group-add")));
    h.put("IpcMode", a.value("ipc", ""));
    h.put("Cgroup", "");
    h.put("Links", nullIfEmpty(a.list("link")));
    h.put("OomScoreAdj", a.longValue("oom-score-adj", 0));
    h.put("PidMode", a.value("pid", ""));
    h.put("Privileged", a.bool("privileged"));
    h.put("PublishAllPorts", a.bool("publish-all"));
    h.put("ReadonlyRootfs", a.bool("read-only"));
    h.put("SecurityOpt", LimitFlags.securityOpts(a.list("security-opt")));
    if (!a.list("storage-opt").isEmpty()) {
      h.put("StorageOpt", keyValues(a.list("storage-opt")));
    }
    if (!a.list("tmpfs").isEmpty()) {
      Map<String, Object> tmpfs = new LinkedHashMap<>();
      for (String t : a.list("tmpfs")) {
        int colon = t.indexOf(':');
        tmpfs.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
      }
      h.put("Tmpfs", tmpfs);
    }
    h.put("UTSMode", a.value("uts", ""));
    h.put("UsernsMode", a.value("userns", ""));
    h.put("ShmSize", LimitFlags.bytes(a, "shm-size", "--shm-size"));
    if (!a.list("sysctl").isEmpty()) {
      h.put("Sysctls", LimitFlags.sysctls(a.list("sysctl")));
    }
    h.put("Runtime", a.value("runtime", ""));
    h.put("Isolation", "");
    h.put("CpuShares", a.longValue("cpu-shares", 0));
    h.put("Memory", LimitFlags.bytes(a, "memory", "-m, --memory"));
    h.put("NanoCpus", a.has("cpus") ? nanoCpus(a.value("cpus")) : 0L);
    h.put("CgroupParent", a.value("cgroup-parent", ""));
    h.put("CpuPeriod", a.longValue("cpu-period", 0));
    h.put("CpuQuota", a.longValue("cpu-quota", 0));
    h.put("CpusetCpus", a.value("cpuset-cpus", ""));
    h.put("CpusetMems", a.value("cpuset-mems", ""));
    h.put("Devices", LimitFlags.devices(a.list("device")));
    h.put("MemoryReservation", LimitFlags.bytes(a, "memory-reservation", "--memory-reservation"));
    h.put("MemorySwap", LimitFlags.swap(a));
    h.put("MemorySwappiness", a.has("memory-swappiness") ? a.longValue("memory-swappiness", -1) : null);
    h.put("OomKillDisable", a.bool("oom-kill-disable"));
    h.put("PidsLimit", a.has("pids-limit") ? a.longValue("pids-limit", 0) : null);
    h.put("Ulimits", LimitFlags.ulimits(a.list("ulimit")));
    h.put("Mounts", mounts(a.list("mount")));
    if (a.bool("init")) {
      h.put("Init", true);
    }
    c.put("HostConfig", h);

    Map<String, Object> endpoints = endpoints(a, network);
    Map<String, Object> net = new LinkedHashMap<>();
    net.put("EndpointsConfig", endpoints);
    c.put("NetworkingConfig", net);
    return new CreateRequest(a.value("name"), a.value("platform"), image, c, tty, attachStdin, attachStdout, attachStderr,
        autoRemove, a.value("cidfile"));
  }

  /**
   * NetworkingConfig.EndpointsConfig for the named network, as docker's parseNetworkOpts builds it
   * from --network-alias, --link, --ip and --ip6: aliases and links only on user-defined networks
   * (links on the default bridge stay legacy HostConfig.Links), and the endpoint left out when it
   * carries nothing. Without --network nothing is sent and the daemon uses its default network.
   */
  private static Map<String, Object> endpoints(ParsedArgs a, String network) {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    List<String> aliases = new ArrayList<>(a.list("network-alias"));
    aliases.addAll(a.list("net-alias"));
    String ip4 = ipFlag(a, "ip");
    String ip6 = ipFlag(a, "ip6");
    if (network == null) {
      if (!aliases.isEmpty()) {
        throw new IllegalArgumentException("network-scoped aliases are only supported for user-defined networks");
      }
      return endpoints;
    }
    if (network.isBlank()) {
      throw new IllegalArgumentException("no name set for network");
    }
    boolean userDefined = !isBuiltinNetwork(network);
    if (!userDefined && !aliases.isEmpty()) {
      throw new IllegalArgumentException("network-scoped aliases are only supported for user-defined networks");
    }
    Map<String, Object> ep = new LinkedHashMap<>();
    if (!aliases.isEmpty()) {
      ep.put("Aliases", aliases);
    }
    if (userDefined && !a.list("link").isEmpty()) {
      ep.put("Links", a.list("link"));
    }
    if (ip4 != null || ip6 != null) {
      Map<String, Object> ipam = new LinkedHashMap<>();
      ipam.put("IPv4Address", ip4 == null ? "" : ip4);
      ipam.put("IPv6Address", ip6 == null ? "" : ip6);
      ep.put("IPAMConfig", ipam);
    }
    if (!ep.isEmpty()) {
      endpoints.put(network, ep);
    }
    return endpoints;
  }

  /** --ip/--ip6 are IP-typed flags in docker: validated, and sent in canonical form. */
  private static String ipFlag(ParsedArgs a, String flag) {
    String v = a.value(flag);
    if (v == null || v.isEmpty()) {
      return null;
    }
    byte[] b = Networks.parseIp(v.strip());
    if (b == null) {
      throw new UsageException("invalid argument \"" + v + "\" for \"--" + flag + "\" flag: invalid string being converted to IP address: " + v);
    }
    return Networks.format(b);
  }

  /** docker's ValidateIPAddress on each --dns value, which also canonicalises it. */
  private static List<String> dnsServers(List<String> list) {
    List<String> out = new ArrayList<>();
    for (String d : list) {
      byte[] b = Networks.parseIp(d.strip());
      if (b == null) {
        throw new UsageException("invalid argument \"" + d + "\" for \"--dns\" flag: IP address is not correctly formatted: " + d);
      }
      out.add(Networks.format(b));
    }
    return out;
  }

  /**
   * docker's ValidateExtraHost: {@code host:ip} or {@code host=ip}, the address optionally in
   * brackets or {@code host-gateway}; sent to the daemon as {@code host:ip}.
   */
  static List<String> extraHosts(List<String> list) {
    List<String> out = new ArrayList<>();
    for (String val : list) {
      int sep = val.indexOf('=');
      if (sep < 0) {
        sep = val.indexOf(':');
      }
      String k = sep < 0 ? val : val.substring(0, sep);
      String v = sep < 0 ? "" : val.substring(sep + 1);
      if (sep < 0 || k.isEmpty() || k.contains(":")) {
        throw new UsageException("invalid argument \"" + val + "\" for \"--add-host\" flag: bad format for add-host: "
            + Text.quote(val));
      }
      if (!v.equals("host-gateway")) {
        if (v.length() > 2 && v.charAt(0) == '[' && v.charAt(v.length() - 1) == ']') {
          v = v.substring(1, v.length() - 1);
        }
        if (Networks.parseIp(v) == null) {
          throw new UsageException("invalid argument \"" + val + "\" for \"--add-host\" flag: invalid IP address in add-host: "
              + Text.quote(v));
        }
      }
      out.add(k + ":" + v);
    }
    return out;
  }

  /** docker's --expose: {@code port[/proto]} or a range {@code from-to[/proto]}, each port exposed. */
  private static void exposePorts(String e, Map<String, Object> exposed) {
    if (e.contains(":")) {
      throw new IllegalArgumentException("invalid port format for --expose: " + e);
    }
    int slash = e.indexOf('/');
    String port = slash < 0 ? e : e.substring(0, slash);
    String proto = slash < 0 ? "tcp" : e.substring(slash + 1);
    if (proto.isEmpty()) {
      proto = "tcp";
    }
    int dash = port.indexOf('-');
    long from;
    long to;
    try {
      from = Long.parseLong(dash < 0 ? port : port.substring(0, dash));
      to = dash < 0 ? from : Long.parseLong(port.substring(dash + 1));
      if (from < 0 || to > 65535 || from > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("invalid range format for --expose: " + e + ", error: invalid port number: " + port);
    }
    if (to < from) {
      throw new IllegalArgumentException("invalid range format for --expose: " + e + ", error: invalid range specified for port: " + port);
    }
    for (long p = from; p <= to; p++) {
      exposed.put(p + "/" + proto, Map.of());
    }
  }

  private static boolean isBuiltinNetwork(String n) {
    return n.equals("none") || n.equals("host") || n.equals("bridge") || n.equals("default") || n.startsWith("container:");
  }

  static List<String> envList(ParsedArgs a, Map<String, String> env) throws IOException {
    List<String> out = new ArrayList<>();
    for (String file : a.list("env-file")) {
      for (String line : KeyValueFile.read(Path.of(file))) {
        int eq = line.indexOf('=');
        if (eq >= 0) {
          out.add(line);
        } else if (env.containsKey(line)) {
          out.add(line + "=" + env.get(line));
        }
      }
    }
    for (String e : a.list("env")) {
      if (e.startsWith("=")) {
        throw new IllegalArgumentException("invalid environment variable: " + e);
      }
      if (e.indexOf('=') < 0 && env.containsKey(e)) {
        out.add(e + "=" + env.get(e));
      } else {
        out.add(e);
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static Map<String, Object> labels(ParsedArgs a) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> all = new ArrayList<>();
    for (String file : a.list("label-file")) {
      all.addAll(KeyValueFile.read(Path.of(file)));
    }
    all.addAll(a.list("label"));
    for (String l : all) {
      int eq = l.indexOf('=');
      out.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
    }
    return out;
  }

  static Map<String, Object> restartPolicy(String spec) {
    Map<String, Object> p = new LinkedHashMap<>();
    String name = spec;
    long max = 0;
    int colon = spec.indexOf(':');
    if (colon >= 0) {
      name = spec.substring(0, colon);
      try {
        max = Long.parseLong(spec.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid restart policy format: maximum retry count must be an integer");
      }
    }
    switch (name) {
      case "", "no", "always", "unless-stopped", "on-failure" -> { }
      default -> throw new IllegalArgumentException("invalid restart policy '" + name + "'");
    }
    p.put("Name", name.isEmpty() ? "no" : name);
    p.put("MaximumRetryCount", max);
    return p;
  }

  /** Docker's rules: any non-zero --health-* option makes a config; --no-healthcheck conflicts with them. */
  private static void healthcheck(ParsedArgs a, Map<String, Object> c) {
    String cmd = a.value("health-cmd", "");
    long interval = duration(a, "health-interval");
    long timeout = duration(a, "health-timeout");
    long startPeriod = duration(a, "health-start-period");
    long startInterval = duration(a, "health-start-interval");
    long retries = a.longValue("health-retries", 0);
    boolean any = !cmd.isEmpty() || interval != 0 || timeout != 0 || startPeriod != 0 || startInterval != 0
        || retries != 0;
    if (a.bool("no-healthcheck")) {
      if (any) {
        throw new IllegalArgumentException("--no-healthcheck conflicts with --health-* options");
      }
      c.put("Healthcheck", Map.of("Test", List.of("NONE")));
      return;
    }
    if (!any) {
      return;
    }
    for (var check : List.of(Map.entry("interval", interval), Map.entry("timeout", timeout),
        Map.entry("retries", retries), Map.entry("start-period", startPeriod),
        Map.entry("start-interval", startInterval))) {
      if (check.getValue() < 0) {
        throw new IllegalArgumentException("--health-" + check.getKey() + " cannot be negative");
      }
    }
    Map<String, Object> hc = new LinkedHashMap<>();
    hc.put("Test", cmd.isEmpty() ? null : List.of("CMD-SHELL", cmd));
    hc.put("Interval", interval);
    hc.put("Timeout", timeout);
    hc.put("StartPeriod", startPeriod);
    hc.put("StartInterval", startInterval);
    hc.put("Retries", retries);
    c.put("Healthcheck", hc);
  }

  private static long duration(ParsedArgs a, String flag) {
    String v = a.value(flag, "0s");
    try {
      return Durations.nanos(v);
    } catch (IllegalArgumentException e) {
      throw new UsageException("invalid argument \"" + v + "\" for \"--" + flag + "\" flag: " + e.getMessage());
    }
  }

  static long nanoCpus(String v) {
    try {
      return new java.math.BigDecimal(v).movePointRight(9).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new UsageException("invalid argument \"" + v + "\" for \"--cpus\" flag: failed to parse " + v + " as a rational number");
    }
  }

  private static Map<String, Object> keyValues(List<String> list) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String s : list) {
      int eq = s.indexOf('=');
      out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
    }
    return out;
  }



  private static List<Object> mounts(List<String> list) {
    List<Object> out = new ArrayList<>();
    for (String spec : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Type", "volume");
      for (String field : spec.split(",")) {
        int eq = field.indexOf('=');
        String k = (eq < 0 ? field : field.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String v = eq < 0 ? "true" : field.substring(eq + 1);
        switch (k) {
          case "type" -> m.put("Type", v);
          case "source", "src" -> m.put("Source", v);
          case "target", "destination", "dst" -> m.put("Target", v);
          case "readonly", "ro" -> m.put("ReadOnly", v.equals("true") || v.equals("1"));
          case "volume-nocopy" -> child(m, "VolumeOptions").put("NoCopy", v.equals("true") || v.equals("1"));
          case "volume-label" -> {
            int at = v.indexOf('=');
            child(child(m, "VolumeOptions"), "Labels").put(at < 0 ? v : v.substring(0, at),
                at < 0 ? "" : v.substring(at + 1));
          }
          case "volume-driver" -> child(child(m, "VolumeOptions"), "DriverConfig").put("Name", v);
          case "tmpfs-size" -> child(m, "TmpfsOptions").put("SizeBytes", dev.berth.cli.format.Human.ramInBytes(v));
          case "tmpfs-mode" -> child(m, "TmpfsOptions").put("Mode", Integer.parseInt(v, 8));
          case "bind-propagation", "consistency", "bind-nonrecursive", "bind-recursive" -> { }
          default -> throw new UsageException("invalid argument \"" + spec + "\" for \"--mount\" flag: unexpected key '"
              + k + "' in '" + field + "'");
        }
      }
      out.add(m);
    }
    return out.isEmpty() ? null : out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
  }

  private static List<String> nullIfEmpty(List<String> l) {
    return l.isEmpty() ? null : l;
  }

  /** Lines of an env or label file: comments and blank lines dropped, surrounding space trimmed. */
  static final class KeyValueFile {
    private KeyValueFile() {}

    static List<String> read(Path p) throws IOException {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        String t = line.stripLeading();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        int eq = t.indexOf('=');
        if (eq == 0) {
          throw new IllegalArgumentException("invalid variable: " + line);
        }
        out.add(eq < 0 ? t.strip() : t.substring(0, eq).strip() + t.substring(eq));
      }
      return out;
    }
  }
}
