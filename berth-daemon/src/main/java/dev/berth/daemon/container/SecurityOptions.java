package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;
import java.util.Locale;

/**
 * {@code HostConfig.SecurityOpt} as Docker's daemon reads it: {@code no-new-privileges[=bool]},
 * {@code seccomp=unconfined|builtin|<profile JSON>} (the docker CLI sends a profile file's
 * content, not its path), {@code apparmor=...}, {@code label=...}, the old {@code key:value}
 * form, anything else refused.
 *
 * <p>Docker drops an AppArmor profile or an SELinux label without a word when the host lacks the
 * module; Berth never lets a request for confinement pass silently. {@code apparmor=unconfined}
 * and {@code label=disable} ask for none, so they are honoured everywhere. A named AppArmor
 * profile is applied where AppArmor is enabled and refused where it is not; SELinux labels are
 * refused, with the reason (Berth does not label processes or files).
 *
 * @param seccomp null for Docker's default profile, "unconfined", or a profile as JSON text
 * @param appArmor null for the default profile, "unconfined", or a profile's name
 */
record SecurityOptions(boolean noNewPrivileges, String seccomp, boolean unmaskedPaths, String appArmor) {
  private static final java.util.regex.Pattern PROFILE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.:/-]+");

  static SecurityOptions of(JsonNode hostConfig) {
    return of(hostConfig, LinuxSecurityModules.host());
  }

  static SecurityOptions of(JsonNode hostConfig, LinuxSecurityModules lsm) {
    boolean nnp = false;
    String seccomp = null;
    boolean unmasked = false;
    String appArmor = null;
    for (JsonNode n : hostConfig.path("SecurityOpt")) {
      String opt = n.asText("");
      if (opt.equals("no-new-privileges")) {
        nnp = true;
        continue;
      }
      if (opt.equals("disable")) {
        continue; // label=disable in its shortest form
      }
      int sep = opt.indexOf('=');
      if (sep < 0) {
        sep = opt.indexOf(':');
      }
      if (sep <= 0) {
        throw ApiException.badRequest("invalid --security-opt 1: \"" + opt + "\"");
      }
      String key = opt.substring(0, sep);
      String value = opt.substring(sep + 1);
      switch (key) {
        case "no-new-privileges" -> nnp = switch (value.toLowerCase(Locale.ROOT)) {
          case "1", "t", "true" -> true;
          case "0", "f", "false" -> false;
          default -> throw ApiException.badRequest("invalid --security-opt 2: \"" + opt + "\"");
        };
        case "seccomp" -> {
          if (value.isBlank()) {
            throw ApiException.badRequest("invalid --security-opt 2: \"" + opt + "\"");
          }
          seccomp = value.equals("builtin") ? null : value;
          if (seccomp != null && !seccomp.equals("unconfined")) {
            SeccompProfile.parseCustom(seccomp);
          }
        }
        case "systempaths" -> {
          if (!value.equals("unconfined")) {
            throw ApiException.badRequest("invalid --security-opt 2: \"" + opt + "\"");
          }
          unmasked = true;
        }
        case "apparmor" -> appArmor = appArmor(opt, value, lsm);
        case "label" -> label(opt, value, lsm);
        case "writable-cgroups" -> { }
        default -> throw ApiException.badRequest("invalid --security-opt 2: \"" + opt + "\"");
      }
    }
    return new SecurityOptions(nnp, seccomp, unmasked, appArmor);
  }

  private static String appArmor(String opt, String value, LinuxSecurityModules lsm) {
    if (value.equals("unconfined")) {
      return value;
    }
    if (!PROFILE_NAME.matcher(value).matches()) {
      throw ApiException.badRequest("invalid --security-opt 2: \"" + opt + "\"");
    }
    if (!lsm.appArmor()) {
      throw ApiException.badRequest("invalid --security-opt " + opt + ": AppArmor is not enabled on this host, so"
          + " the profile cannot be applied (apparmor=unconfined runs without one)");
    }
    return value;
  }

  private static void label(String opt, String value, LinuxSecurityModules lsm) {
    if (value.equals("disable")) {
      return;
    }
    int colon = value.indexOf(':');
    String key = colon < 0 ? value : value.substring(0, colon);
    switch (key) {
      case "user", "role", "type", "level", "filetype", "nested" -> throw ApiException.badRequest(
          "invalid --security-opt " + opt + ": " + (lsm.selinux()
              ? "berthd does not apply SELinux labels" : "SELinux is not enabled on this host")
          + ", so the label cannot be applied (label=disable runs without one)");
      default -> throw ApiException.badRequest("invalid --security-opt " + opt
          + ": bad label option, valid options are disable, user, role, level, type, filetype, nested");
    }
  }
}
