package dev.berth.daemon.distribution;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * berthd's registry configuration, as dockerd's flags give it: {@code --insecure-registry} (a
 * {@code host[:port]} or a CIDR, repeatable: plain HTTP, or TLS without verification, is allowed
 * there) and {@code --registry-mirror} (a URL, repeatable: Docker Hub pulls try it first). Checked
 * at startup with dockerd's messages, and shown by {@code info} as Docker shows it.
 */
public final class RegistrySettings {
  /** Loopback is always insecure, as in Docker. */
  private static final List<String> DEFAULT_CIDRS = List.of("::1/128", "127.0.0.0/8");
  private final List<String> insecureHosts = new ArrayList<>();
  private final List<Cidr> insecureCidrs = new ArrayList<>();
  /** The CIDRs the operator named (loopback too, when named): their TLS goes unverified. */
  private final List<Cidr> givenCidrs = new ArrayList<>();
  private final List<URI> mirrors = new ArrayList<>();

  private record Cidr(String text, byte[] network, int bits) {
    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  public static final RegistrySettings DEFAULT = new RegistrySettings(List.of(), List.of());

  /** Validates the flags; an {@link IllegalArgumentException} carries a message for the operator. */
  public RegistrySettings(List<String> insecure, List<String> mirrorUrls) {
    for (String c : DEFAULT_CIDRS) {
      insecureCidrs.add(cidr(c));
    }
    for (String raw : insecure) {
      String s = raw.trim();
      if (s.contains("://")) {
        throw new IllegalArgumentException("insecure registry " + s + " should not contain '://'");
      }
      if (s.isEmpty()) {
        throw new IllegalArgumentException("insecure registry: empty value");
      }
      if (s.contains("/")) {
        Cidr c = cidr(s);
        if (insecureCidrs.stream().noneMatch(x -> x.text().equals(c.text()))) {
          insecureCidrs.add(c);
        }
        givenCidrs.add(c);
      } else {
        String host = s.toLowerCase(Locale.ROOT);
        if (!insecureHosts.contains(host)) {
          insecureHosts.add(host);
        }
      }
    }
    for (String raw : mirrorUrls) {
      URI u;
      try {
        u = URI.create(raw.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid mirror: " + raw + " is not a valid URI");
      }
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new IllegalArgumentException("invalid mirror: unsupported scheme \"" + u.getScheme() + "\" in \""
            + raw + "\": must use either 'https://' or 'http://'");
      }
      if (u.getHost() == null || u.getRawUserInfo() != null) {
        throw new IllegalArgumentException("invalid mirror: \"" + raw + "\" must be a plain http(s)://host[:port] URL");
      }
      if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")
          || u.getRawQuery() != null || u.getRawFragment() != null) {
        throw new IllegalArgumentException("invalid mirror: path, query or fragment are not allowed in \"" + raw + "\"");
      }
      URI normal = URI.create(u.getScheme() + "://" + u.getRawAuthority() + "/");
      if (!mirrors.contains(normal)) {
        mirrors.add(normal);
      }
    }
  }

  private static Cidr cidr(String s) {
    int slash = s.indexOf('/');
    try {
      String addr = s.substring(0, slash);
      int bits = Integer.parseInt(s.substring(slash + 1));
      if (!addr.matches("[0-9a-fA-F:.]+")) {
        throw new IllegalArgumentException();
      }
      byte[] net = InetAddress.getByName(addr).getAddress();
      if (bits < 0 || bits > net.length * 8) {
        throw new IllegalArgumentException();
      }
      byte[] masked = net.clone();
      for (int i = bits; i < masked.length * 8; i++) {
        masked[i / 8] &= (byte) ~(0x80 >>> (i % 8));
      }
      String text = net.length == 4 ? InetAddress.getByAddress(masked).getHostAddress() + "/" + bits : s;
      return new Cidr(text, masked, bits);
    } catch (IllegalArgumentException | UnknownHostException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("insecure registry " + s + " is not a valid CIDR or host[:port]");
    }
  }

  /** The mirrors, normalized as {@code scheme://host[:port]/}. */
  public List<URI> mirrors() {
    return List.copyOf(mirrors);
  }

  /**
   * Whether a registry ({@code host[:port]}) was named insecure, or resolves only to addresses in
   * an insecure CIDR (loopback by default).
   */
  boolean insecure(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    if (insecureHosts.contains(d)) {
      return true;
    }
    String host = d;
    int colon = host.lastIndexOf(':');
    if (colon > host.lastIndexOf(']')) {
      host = host.substring(0, colon);
    }
    host = host.replace("[", "").replace("]", "");
    if (insecureHosts.contains(host)) {
      return true;
    }
    if (host.equals("localhost")) {
      return true;
    }
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      for (InetAddress a : all) {
        if (insecureCidrs.stream().noneMatch(c -> c.contains(a))) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Whether TLS certificates of the registry may go unverified: only for one named insecure. */
  boolean skipVerify(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    if (insecureHosts.contains(d)) {
      return true;
    }
    if (d.equals("docker.io")) {
      return false;
    }
    // a CIDR given by the operator (not the loopback default) covers the host's addresses
    String host = d;
    int colon = host.lastIndexOf(':');
    if (colon > host.lastIndexOf(']')) {
      host = host.substring(0, colon);
    }
    host = host.replace("[", "").replace("]", "");
    if (insecureHosts.contains(host)) {
      return true;
    }
    List<Cidr> given = givenCidrs;
    if (given.isEmpty()) {
      return false;
    }
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      for (InetAddress a : all) {
        if (given.stream().noneMatch(c -> c.contains(a))) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** {@code RegistryConfig} of {@code GET /info}, in Docker's shape. */
  public Map<String, Object> info() {
    Map<String, Object> indexes = new LinkedHashMap<>();
    List<String> mirrorTexts = mirrors.stream().map(URI::toString).toList();
    indexes.put("docker.io", index("docker.io", mirrorTexts, true, true));
    for (String h : insecureHosts) {
      indexes.put(h, index(h, List.of(), false, false));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("InsecureRegistryCIDRs", insecureCidrs.stream().map(Cidr::text).toList());
    out.put("IndexConfigs", indexes);
    out.put("Mirrors", mirrorTexts);
    return out;
  }

  private static Map<String, Object> index(String name, List<String> mirrors, boolean secure, boolean official) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", name);
    m.put("Mirrors", mirrors);
    m.put("Secure", secure);
    m.put("Official", official);
    return m;
  }
}
