package dev.berth.daemon.container;

import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.sys.CommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The AppArmor profile a container's process runs under, as Docker chooses it: none where the
 * host has no AppArmor (a request for a named profile is refused earlier, by
 * {@link SecurityOptions}), {@code unconfined} for privileged containers and for
 * {@code apparmor=unconfined}, the requested profile when one is named (runc refuses it if the
 * host has not loaded it), and otherwise Berth's default profile, {@value #DEFAULT}, which is
 * loaded with {@code apparmor_parser} the first time a container needs it.
 */
final class AppArmor {
  static final String DEFAULT = "berth-default";
  private static final Path LOADED = Path.of("/sys/kernel/security/apparmor/profiles");
  private static volatile boolean defaultLoaded;

  private AppArmor() {}

  /** The profile for the spec's {@code process.apparmorProfile}, or null to leave it out. */
  static String profileFor(SecurityOptions security, boolean privileged, LinuxSecurityModules lsm) {
    if (!lsm.appArmor()) {
      return null;
    }
    if (security.appArmor() != null) {
      return security.appArmor();
    }
    return privileged ? "unconfined" : DEFAULT;
  }

  /** What inspect shows as {@code AppArmorProfile}: Docker leaves it empty where AppArmor is off. */
  static String shown(com.fasterxml.jackson.databind.JsonNode hostConfig) {
    try {
      String p = profileFor(SecurityOptions.of(hostConfig), hostConfig.path("Privileged").asBoolean(false),
          LinuxSecurityModules.host());
      return p == null ? "" : p;
    } catch (ApiException e) {
      return ""; // options stored before they were checked: inspect still answers
    }
  }

  /** Makes sure the default profile is in the kernel before a container asks for it. */
  static synchronized void ensureDefaultLoaded() throws IOException {
    if (defaultLoaded || isLoaded(DEFAULT)) {
      defaultLoaded = true;
      return;
    }
    CommandRunner.Result r;
    try {
      r = CommandRunner.run(List.of("apparmor_parser", "-Kr"), defaultProfile().getBytes(StandardCharsets.UTF_8), 60);
    } catch (IOException e) {
      throw ApiException.internal("AppArmor is enabled on this host but the " + DEFAULT
          + " profile could not be loaded: apparmor_parser: " + e.getMessage());
    }
    if (!r.ok()) {
      throw ApiException.internal("AppArmor is enabled on this host but the " + DEFAULT
          + " profile could not be loaded: " + r.error());
    }
    defaultLoaded = true;
  }

  private static boolean isLoaded(String name) {
    try {
      return Files.readAllLines(LOADED).stream().anyMatch(l -> l.startsWith(name + " "));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Berth's default policy, in the spirit of Docker's docker-default: everything a normal process
   * needs, but no mount, no writes to the kernel's knobs in /proc and /sys, no raw kernel memory,
   * and signals and ptrace only among processes under the same profile.
   */
  static String defaultProfile() {
    return """
        #include <tunables/global>

        profile %1$s flags=(attach_disconnected,mediate_deleted) {
          #include <abstractions/base>

          network,
          capability,
          file,
          umount,
          signal (receive) peer=unconfined,
          signal (send,receive) peer=%1$s,
          ptrace (trace,read,tracedby,readby) peer=%1$s,

          deny mount,
          deny @{PROC}/* w,
          deny @{PROC}/sys/[^k]** w,
          deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,
          deny @{PROC}/sysrq-trigger rwklx,
          deny @{PROC}/kcore rwklx,
          deny @{PROC}/kmem rwklx,
          deny @{PROC}/mem rwklx,
          deny /sys/[^f]*/** wklx,
          deny /sys/f[^s]*/** wklx,
          deny /sys/fs/[^c]*/** wklx,
          deny /sys/fs/c[^g]*/** wklx,
          deny /sys/fs/cg[^r]*/** wklx,
          deny /sys/firmware/** rwklx,
          deny /sys/kernel/security/** rwklx,
        }
        """.formatted(DEFAULT);
  }
}
