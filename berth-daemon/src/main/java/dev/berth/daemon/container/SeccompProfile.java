package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The OCI {@code linux.seccomp} section. By default an allow-list equivalent to Docker's default
 * profile: anything unlisted fails with EPERM, and a capability the container holds unlocks the
 * syscalls that need it (with CAP_SYS_ADMIN the mount family, unshare, setns; with CAP_SYS_PTRACE
 * ptrace ...), because a capability without its syscalls would be useless and the syscalls
 * without it are how containers escape. A user's profile ({@code --security-opt seccomp=file},
 * in Docker's format) is filtered the same way by its {@code includes} and {@code excludes}.
 */
final class SeccompProfile {
  /** clone(2) flags that create namespaces; without CAP_SYS_ADMIN clone may not use them. */
  private static final long NAMESPACE_FLAGS = 0x7E020000L;
  private static final int ENOSYS = 38;
  private static final long[] PERSONALITIES = {0x0, 0x8, 0x20000, 0x20008, 0xffffffffL};
  private static volatile JsonNode defaults;

  private SeccompProfile() {}

  /** The host architecture as Docker's profiles name it, with libseccomp's names for it and its sub-architectures. */
  record Arch(String docker, List<String> scmp) {
    static Arch host() {
      return switch (System.getProperty("os.arch")) {
        case "aarch64", "arm64" -> new Arch("arm64", List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"));
        case "s390x" -> new Arch("s390x", List.of("SCMP_ARCH_S390X", "SCMP_ARCH_S390"));
        case "ppc64le" -> new Arch("ppc64le", List.of("SCMP_ARCH_PPC64LE"));
        case "riscv64" -> new Arch("riscv64", List.of("SCMP_ARCH_RISCV64"));
        default -> new Arch("amd64", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"));
      };
    }
  }

  /** The seccomp section for these options and capabilities; null for none (unconfined, privileged). */
  static ObjectNode forContainer(SecurityOptions security, boolean privileged, Collection<String> caps) {
    if (privileged || "unconfined".equals(security.seccomp())) {
      return null;
    }
    return security.seccomp() == null ? builtin(caps, Arch.host()) : custom(parseCustom(security.seccomp()), caps,
        Arch.host());
  }

  static ObjectNode builtin(Collection<String> caps, Arch arch) {
    JsonNode d = defaults();
    ObjectNode s = Json.plain().createObjectNode();
    s.put("defaultAction", "SCMP_ACT_ERRNO");
    s.put("defaultErrnoRet", d.path("errno").asInt(1));
    ArrayNode arches = s.putArray("architectures");
    arch.scmp().forEach(arches::add);
    ArrayNode rules = s.putArray("syscalls");
    List<String> names = new ArrayList<>();
    d.path("allowed").forEach(n -> names.add(n.asText()));
    d.path("allowedSinceKernel").fields().forEachRemaining(e -> {
      if (kernelAtLeast(e.getKey())) {
        e.getValue().forEach(n -> names.add(n.asText()));
      }
    });
    d.path("allowedOnArch").path(arch.docker()).forEach(n -> names.add(n.asText()));
    d.path("allowedWithCapability").fields().forEachRemaining(e -> {
      if (caps.contains(e.getKey())) {
        e.getValue().forEach(n -> names.add(n.asText()));
      }
    });
    allow(rules, names.stream().distinct().toList());
    ObjectNode socket = allow(rules, List.of("socket"));
    // AF_VSOCK (40) reaches the hypervisor's side: Docker's profile keeps it closed
    socket.putArray("args").addObject().put("index", 0).put("value", 40).put("op", "SCMP_CMP_NE");
    for (long p : PERSONALITIES) {
      allow(rules, List.of("personality")).putArray("args").addObject().put("index", 0).put("value", p)
          .put("op", "SCMP_CMP_EQ");
    }
    if (!caps.contains("CAP_SYS_ADMIN")) {
      // clone without namespace flags; clone3 hides its flags in memory, so it reports ENOSYS and
      // libc falls back to clone
      int flagsArg = arch.docker().startsWith("s390") ? 1 : 0;
      allow(rules, List.of("clone")).putArray("args").addObject().put("index", flagsArg).put("value", NAMESPACE_FLAGS)
          .put("valueTwo", 0).put("op", "SCMP_CMP_MASKED_EQ");
      ObjectNode clone3 = rules.addObject();
      clone3.putArray("names").add("clone3");
      clone3.put("action", "SCMP_ACT_ERRNO");
      clone3.put("errnoRet", ENOSYS);
    }
    return s;
  }

  private static ObjectNode allow(ArrayNode rules, List<String> names) {
    ObjectNode r = rules.addObject();
    ArrayNode n = r.putArray("names");
    names.forEach(n::add);
    r.put("action", "SCMP_ACT_ALLOW");
    return r;
  }

  /** A profile in Docker's format, refused with one clear line when it is not one. */
  static JsonNode parseCustom(String text) {
    JsonNode p;
    try {
      p = Json.plain().readTree(text);
    } catch (IOException e) {
      throw ApiException.badRequest("Decoding seccomp profile failed: " + firstLine(e.getMessage()));
    }
    if (p == null || !p.isObject() || !p.path("defaultAction").isTextual()) {
      throw ApiException.badRequest("Decoding seccomp profile failed: it needs a defaultAction");
    }
    for (JsonNode call : p.path("syscalls")) {
      if (call.hasNonNull("name") && call.hasNonNull("names")) {
        throw ApiException.badRequest("Decoding seccomp profile failed: use either 'name' or 'names', not both");
      }
      if (!call.path("action").isTextual()) {
        throw ApiException.badRequest("Decoding seccomp profile failed: every syscall rule needs an action");
      }
    }
    return p;
  }

  /** Docker's profile format to OCI: architectures for this host, rules kept by their includes and excludes. */
  static ObjectNode custom(JsonNode p, Collection<String> caps, Arch arch) {
    ObjectNode s = Json.plain().createObjectNode();
    s.put("defaultAction", p.path("defaultAction").asText());
    if (p.hasNonNull("defaultErrnoRet")) {
      s.put("defaultErrnoRet", p.path("defaultErrnoRet").asInt());
    }
    ArrayNode arches = s.putArray("architectures");
    if (p.path("archMap").isArray() && !p.path("archMap").isEmpty()) {
      for (JsonNode m : p.path("archMap")) {
        if (m.path("architecture").asText().equals(arch.scmp().get(0))) {
          arches.add(m.path("architecture").asText());
          m.path("subArchitectures").forEach(a -> arches.add(a.asText()));
        }
      }
    } else {
      p.path("architectures").forEach(a -> arches.add(a.asText()));
    }
    ArrayNode rules = s.putArray("syscalls");
    for (JsonNode call : p.path("syscalls")) {
      if (!applies(call.path("includes"), caps, arch, true) || applies(call.path("excludes"), caps, arch, false)) {
        continue;
      }
      ObjectNode r = rules.addObject();
      ArrayNode names = r.putArray("names");
      if (call.hasNonNull("name")) {
        names.add(call.path("name").asText());
      }
      call.path("names").forEach(n -> names.add(n.asText()));
      r.put("action", call.path("action").asText());
      if (call.hasNonNull("errnoRet")) {
        r.put("errnoRet", call.path("errnoRet").asInt());
      }
      if (call.path("args").isArray() && !call.path("args").isEmpty()) {
        r.set("args", call.path("args").deepCopy());
      }
    }
    return s;
  }

  /**
   * Whether a filter (includes or excludes) matches: for includes every condition given must hold;
   * for excludes any one given that holds excludes the rule.
   */
  private static boolean applies(JsonNode f, Collection<String> caps, Arch arch, boolean all) {
    if (f.isMissingNode() || f.isNull() || f.isEmpty()) {
      return all;
    }
    List<Boolean> results = new ArrayList<>();
    if (f.path("arches").isArray() && !f.path("arches").isEmpty()) {
      boolean hit = false;
      for (JsonNode a : f.path("arches")) {
        hit |= a.asText().equals(arch.docker());
      }
      results.add(hit);
    }
    if (f.path("caps").isArray() && !f.path("caps").isEmpty()) {
      boolean hit = all;
      for (JsonNode c : f.path("caps")) {
        boolean has = caps.contains(c.asText().toUpperCase(Locale.ROOT));
        hit = all ? hit && has : hit || has;
      }
      results.add(hit);
    }
    if (f.hasNonNull("minKernel")) {
      results.add(kernelAtLeast(f.path("minKernel").asText()));
    }
    if (results.isEmpty()) {
      return all;
    }
    return all ? !results.contains(false) : results.contains(true);
  }

  static boolean kernelAtLeast(String version) {
    int[] want = numbers(version);
    int[] have = numbers(System.getProperty("os.version", "0"));
    for (int i = 0; i < Math.max(want.length, have.length); i++) {
      int w = i < want.length ? want[i] : 0;
      int h = i < have.length ? have[i] : 0;
      if (h != w) {
        return h > w;
      }
    }
    return true;
  }

  private static int[] numbers(String v) {
    String core = v.split("[^0-9.]", 2)[0];
    return java.util.Arrays.stream(core.split("\\.")).filter(s -> !s.isEmpty()).limit(3)
        .mapToInt(Integer::parseInt).toArray();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid JSON";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static JsonNode defaults() {
    JsonNode d = defaults;
    if (d == null) {
      try (InputStream in = SeccompProfile.class.getResourceAsStream("seccomp-default.json")) {
        d = Json.plain().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      defaults = d;
    }
    return d;
  }
}
