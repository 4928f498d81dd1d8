package dev.berth.daemon.build.dockerfile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code RUN --mount=...} as written, split into its comma-separated options. Berth keeps the
 * mounts so that the stage graph sees {@code from=} dependencies and the engine can decide what
 * it supports; values are unexpanded.
 *
 * @param spec the flag's value as written
 * @param options the options in order; a bare word (such as {@code readonly}) maps to {@code ""}
 */
public record RunMount(String spec, Map<String, String> options) {
  public RunMount {
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** The mount type; BuildKit's default is {@code bind}. */
  public String type() {
    return options.getOrDefault("type", "bind");
  }

  /** The stage name, stage index or image the mount reads from, if any. */
  public Optional<String> from() {
    return Optional.ofNullable(options.get("from")).filter(s -> !s.isEmpty());
  }
}
