package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --flags} one instruction accepts and their kinds, and the check of what a line
 * wrote against them with BuildKit's messages. Checking at parse time means a typo such as
 * {@code COPY --chwon} fails the build before any step runs, not halfway through it.
 */
final class FlagSpec {
  enum Kind {
    BOOL,
    STRING,
    REPEATED
  }

  static final FlagSpec NONE = new FlagSpec(Map.of());
  static final FlagSpec FROM = of("platform", Kind.STRING);
  static final FlagSpec RUN =
      of("mount", Kind.REPEATED, "network", Kind.STRING, "security", Kind.STRING, "device", Kind.REPEATED);
  static final FlagSpec COPY =
      of(
          "chown", Kind.STRING,
          "from", Kind.STRING,
          "chmod", Kind.STRING,
          "link", Kind.BOOL,
          "exclude", Kind.REPEATED,
          "parents", Kind.BOOL);
  static final FlagSpec ADD =
      of(
          "chown", Kind.STRING,
          "chmod", Kind.STRING,
          "link", Kind.BOOL,
          "keep-git-dir", Kind.BOOL,
          "checksum", Kind.STRING,
          "unpack", Kind.BOOL,
          "exclude", Kind.REPEATED);
  static final FlagSpec HEALTHCHECK =
      of(
          "interval", Kind.STRING,
          "timeout", Kind.STRING,
          "start-period", Kind.STRING,
          "start-interval", Kind.STRING,
          "retries", Kind.STRING);

  private final Map<String, Kind> kinds;

  private FlagSpec(Map<String, Kind> kinds) {
    this.kinds = kinds;
  }

  private static FlagSpec of(Object... nameKind) {
    Map<String, Kind> m = new LinkedHashMap<>();
    for (int i = 0; i < nameKind.length; i += 2) {
      m.put((String) nameKind[i], (Kind) nameKind[i + 1]);
    }
    return new FlagSpec(m);
  }

  /**
   * Checks the flags as written ({@code --name=value}, {@code --name}) and returns them parsed.
   * Throws {@link IllegalArgumentException} with BuildKit's message for an unknown flag, a
   * repeated single flag, a missing value or a non-boolean value of a boolean flag.
   */
  Flags parse(List<String> written) {
    List<Flags.Flag> out = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (String arg : written) {
      if (arg.equals("--")) {
        break;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("arg should start with -- : " + arg);
      }
      int eq = arg.indexOf('=');
      String flagName = eq < 0 ? arg : arg.substring(0, eq);
      String name = flagName.substring(2);
      String value = eq < 0 ? null : arg.substring(eq + 1);
      Kind kind = kinds.get(name);
      if (kind == null) {
        throw new IllegalArgumentException(
            Suggest.withHint("unknown flag: " + flagName, name, kinds.keySet(), true));
      }
      if (!used.add(name) && kind != Kind.REPEATED) {
        throw new IllegalArgumentException("duplicate flag specified: " + flagName);
      }
      switch (kind) {
        case BOOL -> {
          if (value != null && value.isEmpty()) {
            throw new IllegalArgumentException("missing a value on flag: " + flagName);
          }
          String v = value == null ? "true" : value.toLowerCase(java.util.Locale.ROOT);
          if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(
                "expecting boolean value for flag " + flagName + ", not: " + value);
          }
          out.add(new Flags.Flag(name, v));
        }
        case STRING, REPEATED -> {
          if (value == null) {
            throw new IllegalArgumentException("missing a value on flag: " + flagName);
          }
          out.add(new Flags.Flag(name, value));
        }
      }
    }
    return new Flags(out);
  }
}
