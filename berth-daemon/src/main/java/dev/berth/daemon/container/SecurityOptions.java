package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;
import java.util.Locale;

/**
 * {@code HostConfig.SecurityOpt} as Docker's daemon reads it: {@code no-new-privileges[=bool]},
 * {@code seccomp=unconfined|builtin|<profile JSON>} (the docker CLI sends a profile file's
 * content, not its path), {@code apparmor=...} and {@code label=...} (accepted; there is no
 * AppArmor or SELinux labelling here), the old {@code key:value} form, anything else refused.
 *
 * @param seccomp null for Docker's default profile, "unconfined", or a profile as JSON text
 */
record SecurityOptions(boolean noNewPrivileges, String seccomp, boolean unmaskedPaths) {

  static SecurityOptions of(JsonNode hostConfig) {
    boolean nnp = false;
    String seccomp = null;
    boolean unmasked = false;
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
        case "apparmor", "label", "writable-cgroups" -> { }
        default -> throw ApiException.badRequest("invalid --security-opt 2: \"" + opt + "\"");
      }
    }
    return new SecurityOptions(nnp, seccomp, unmasked);
  }
}
