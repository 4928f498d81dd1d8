package dev.berth.daemon.build.dockerfile;

import dev.berth.api.GoDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HEALTHCHECK's own grammar: a type word ({@code NONE} or {@code CMD}), options that only CMD
 * takes, then a command in either form. The result is already in the image config's shape so the
 * engine copies it as it is; durations are checked here so a bad {@code --interval} fails early.
 */
final class HealthcheckParser {
  private HealthcheckParser() {}

  static Instruction.Healthcheck parse(InstructionParser.Line l, Origin origin) {
    String rest = l.rest();
    if (rest.isEmpty()) {
      throw InstructionParser.atLeastOne("HEALTHCHECK");
    }
    int sep = 0;
    while (sep < rest.length() && !Character.isWhitespace(rest.charAt(sep))) {
      sep++;
    }
    String type = rest.substring(0, sep).toUpperCase(Locale.ROOT);
    String cmdText = LineScanner.stripLeading(rest.substring(sep));
    if (type.equals("NONE")) {
      if (!cmdText.isEmpty()) {
        throw new IllegalArgumentException("HEALTHCHECK NONE takes no arguments");
      }
      return new Instruction.Healthcheck(origin, List.of("NONE"), 0, 0, 0, 0, 0);
    }
    if (!type.equals("CMD")) {
      throw new IllegalArgumentException(
          "Unknown type \"" + rest.substring(0, sep) + "\" in HEALTHCHECK (try CMD)");
    }
    List<String> test = new ArrayList<>();
    Optional<List<String>> json = ExecForm.parse(cmdText);
    if (json.isPresent()) {
      if (json.get().isEmpty()) {
        throw new IllegalArgumentException("Missing command after HEALTHCHECK CMD");
      }
      test.add("CMD");
      test.addAll(json.get());
    } else {
      if (cmdText.isEmpty()) {
        throw new IllegalArgumentException("Missing command after HEALTHCHECK CMD");
      }
      test.add("CMD-SHELL");
      test.add(cmdText);
    }
    Flags f = origin.flags();
    int retries = 0;
    if (f.value("retries").isPresent()) {
      String r = f.value("retries").get();
      try {
        retries = Integer.parseInt(r);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "strconv.ParseInt: parsing \"" + r + "\": invalid syntax");
      }
      if (retries < 0) {
        throw new IllegalArgumentException("--retries cannot be negative (" + retries + ")");
      }
    }
    return new Instruction.Healthcheck(
        origin,
        test,
        interval(f, "interval"),
        interval(f, "timeout"),
        interval(f, "start-period"),
        interval(f, "start-interval"),
        retries);
  }

  private static long interval(Flags f, String name) {
    Optional<String> v = f.value(name);
    if (v.isEmpty() || v.get().isEmpty()) {
      return 0;
    }
    long nanos = GoDuration.parseNanos(v.get());
    if (nanos == 0) {
      return 0;
    }
    if (nanos < 1_000_000) {
      throw new IllegalArgumentException(
          "Interval \"" + name + "\" cannot be less than 1ms");
    }
    return nanos;
  }
}
