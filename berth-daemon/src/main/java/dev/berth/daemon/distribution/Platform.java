package dev.berth.daemon.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.image.ImageService;
import java.util.Locale;

/**
 * An OS/architecture/variant triple as {@code --platform} writes it ({@code linux/arm64/v8}), with
 * Docker's normalisations ({@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64}, an
 * arm64 variant {@code v8} is the default, a missing OS is linux).
 */
public record Platform(String os, String architecture, String variant) {

  public static Platform host() {
    return new Platform("linux", ImageService.hostArchitecture(), null);
  }

  public static Platform parse(String text) {
    if (text == null || text.isBlank()) {
      return host();
    }
    String[] p = text.trim().toLowerCase(Locale.ROOT).split("/");
    if (p.length > 3 || p[0].isEmpty()) {
      throw new IllegalArgumentException("invalid platform: \"" + text + "\": expected os[/arch[/variant]]");
    }
    if (p.length == 1) {
      // A lone word is an OS ("linux") or an architecture ("arm64"), as containerd's parser decides.
      return p[0].equals("linux") || p[0].equals("windows") || p[0].equals("darwin")
          ? new Platform(p[0], ImageService.hostArchitecture(), null)
          : normal("linux", p[0], null);
    }
    return normal(p[0], p[1], p.length > 2 ? p[2] : null);
  }

  private static Platform normal(String os, String arch, String variant) {
    arch = switch (arch) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      case "armhf" -> "arm";
      case "i386", "x86" -> "386";
      default -> arch;
    };
    if (arch.equals("arm64") && "v8".equals(variant)) {
      variant = null;
    }
    if (arch.equals("arm") && variant == null) {
      variant = "v7";
    }
    return new Platform(os, arch, variant);
  }

  /** Whether an index entry's {@code platform} object names this platform. */
  boolean matches(JsonNode platform) {
    Platform other = normal(platform.path("os").asText(""), platform.path("architecture").asText(""),
        platform.path("variant").asText("").isEmpty() ? null : platform.path("variant").asText());
    return other.os.equals(os) && other.architecture.equals(architecture)
        && (variant == null || variant.equals(other.variant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
