package dev.berth.daemon.build.dockerfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The build-argument rules the engine applies around ARG: the proxy arguments Docker predefines
 * (usable in RUN without an ARG line and kept out of the image history), the platform arguments
 * BuildKit sets automatically, the values of the meta ARGs that FROM lines may use, and the value
 * an ARG takes in a stage. Collected here so the engine's step loop stays about executing steps.
 */
public final class BuildArgs {
  /** Docker's predefined proxy ARGs, in both cases. */
  public static final List<String> PROXY_ARGS =
      List.of(
          "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
          "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

  /** BuildKit's automatic platform ARGs. */
  public static final List<String> PLATFORM_ARGS =
      List.of(
          "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM",
          "BUILDOS", "BUILDARCH", "BUILDVARIANT");

  private static final Set<String> PROXY_SET = Set.copyOf(PROXY_ARGS);

  private BuildArgs() {}

  /** Whether {@code name} is a predefined proxy ARG (its value reaches RUN, never the history). */
  public static boolean isProxyArg(String name) {
    return PROXY_SET.contains(name);
  }

  /**
   * The automatic platform ARGs for a target and a build platform written as {@code os/arch} or
   * {@code os/arch/variant} (e.g. {@code linux/arm64/v8}). They are visible to FROM lines
   * without declaration and to a stage once it declares {@code ARG TARGETARCH} and so on.
   */
  public static Map<String, String> platformArgs(String targetPlatform, String buildPlatform) {
    Map<String, String> out = new LinkedHashMap<>();
    put(out, "TARGET", targetPlatform);
    put(out, "BUILD", buildPlatform);
    return out;
  }

  private static void put(Map<String, String> out, String prefix, String platform) {
    String[] parts = platform.split("/", 3);
    String os = parts[0];
    String arch = parts.length > 1 ? parts[1] : "";
    String variant = parts.length > 2 ? parts[2] : "";
    out.put(prefix + "PLATFORM", platform);
    out.put(prefix + "OS", os);
    out.put(prefix + "ARCH", arch);
    out.put(prefix + "VARIANT", variant);
  }

  /**
   * The values of the meta ARGs (declared before the first FROM) for use in FROM lines and as
   * inherited defaults: starting from {@code automatic} (the platform ARGs), each declared name
   * takes its {@code --build-arg} value, else its default expanded with the values so far. A
   * name declared without either stays unset.
   */
  public static Map<String, String> metaArgValues(
      List<Instruction.Arg> metaArgs,
      Map<String, String> buildArgs,
      Map<String, String> automatic,
      ShellLexer lexer) {
    Map<String, String> values = new LinkedHashMap<>(automatic);
    for (Instruction.Arg arg : metaArgs) {
      for (ArgDefinition def : arg.args()) {
        if (buildArgs.containsKey(def.name())) {
          values.put(def.name(), buildArgs.get(def.name()));
        } else if (def.defaultValue().isPresent()) {
          try {
            values.put(def.name(), lexer.expand(def.defaultValue().get(), values));
          } catch (IllegalArgumentException e) {
            throw new DockerfileException(arg.origin().line(), e.getMessage());
          }
        }
      }
    }
    return values;
  }

  /**
   * The value an {@code ARG} line gives a name inside a stage, as Docker decides it: the
   * {@code --build-arg} value, else the default expanded with the stage's current environment,
   * else the meta ARG's value of the same name; empty when none applies (the name is then
   * declared but unset).
   */
  public static Optional<String> resolve(
      ArgDefinition def,
      Map<String, String> buildArgs,
      Map<String, String> metaValues,
      Map<String, String> env,
      ShellLexer lexer) {
    if (buildArgs.containsKey(def.name())) {
      return Optional.of(buildArgs.get(def.name()));
    }
    if (def.defaultValue().isPresent()) {
      return Optional.of(lexer.expand(def.defaultValue().get(), env));
    }
    return Optional.ofNullable(metaValues.get(def.name()));
  }
}
