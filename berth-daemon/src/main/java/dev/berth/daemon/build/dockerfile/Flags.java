package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --name=value} flags written after an instruction's keyword, in order and already
 * checked against what that instruction accepts. Kept as written (values unexpanded) because the
 * engine expands some of them at build time and the cache key must see the original text.
 *
 * @param entries each flag as a name (without dashes) and its value; a boolean flag written
 *     without a value has the value {@code "true"}
 */
public record Flags(List<Flag> entries) {
  /** No flags. */
  public static final Flags NONE = new Flags(List.of());

  /** One flag as written; the value is the text after the first {@code =}. */
  public record Flag(String name, String value) {}

  public Flags {
    entries = List.copyOf(entries);
  }

  /** The last value of a flag that may be given once, or empty when it is absent. */
  public Optional<String> value(String name) {
    String found = null;
    for (Flag f : entries) {
      if (f.name().equals(name)) {
        found = f.value();
      }
    }
    return Optional.ofNullable(found);
  }

  /** Every value of a flag that may repeat, such as {@code --mount} or {@code --exclude}. */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (Flag f : entries) {
      if (f.name().equals(name)) {
        out.add(f.value());
      }
    }
    return List.copyOf(out);
  }

  /** Whether a boolean flag is set to true ({@code --link} or {@code --link=true}). */
  public boolean isTrue(String name) {
    return value(name).map("true"::equalsIgnoreCase).orElse(false);
  }

  /** Whether the flag was written at all. */
  public boolean has(String name) {
    return value(name).isPresent();
  }
}
