package dev.berth.daemon.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies {@code --change} instructions (Dockerfile syntax: CMD, ENTRYPOINT, ENV, WORKDIR, USER,
 * LABEL, EXPOSE, VOLUME, STOPSIGNAL, HEALTHCHECK) to an image's run config, as {@code docker import -c} does.
 */
public final class ConfigChanges {
  private ConfigChanges() {}

  public static void apply(ObjectNode config, List<String> changes) {
    for (String change : changes) {
      String line = change.strip();
      if (line.isEmpty()) {
        continue;
      }
      int sp = indexOfSpace(line);
      String op = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
      String arg = sp < 0 ? "" : line.substring(sp).strip();
      switch (op) {
        case "CMD" -> config.set("Cmd", command(arg, true));
        case "ENTRYPOINT" -> config.set("Entrypoint", command(arg, true));
        case "ENV" -> env(config, arg);
        case "WORKDIR" -> config.put("WorkingDir", arg);
        case "USER" -> config.put("User", arg);
        case "STOPSIGNAL" -> config.put("StopSignal", arg);
        case "HEALTHCHECK" -> config.set("Healthcheck", healthcheck(arg));
        case "LABEL" -> pairs(arg).forEach(kv -> labels(config).put(kv[0], kv[1]));
        case "EXPOSE" -> {
          ObjectNode ports = child(config, "ExposedPorts");
          for (String p : arg.split("\\s+")) {
            ports.set(p.contains("/") ? p : p + "/tcp", config.objectNode());
          }
        }
        case "VOLUME" -> {
          ObjectNode vols = child(config, "Volumes");
          JsonNode list = arg.startsWith("[") ? parseJsonArray(arg) : null;
          if (list != null) {
            list.forEach(v -> vols.set(v.asText(), config.objectNode()));
          } else {
            for (String v : arg.split("\\s+")) {
              vols.set(v, config.objectNode());
            }
          }
        }
        default -> throw new IllegalArgumentException(op + " is not a valid change command");
      }
    }
  }

  /**
   * {@code HEALTHCHECK [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D]
   * [--retries=N] CMD command} (shell form: CMD-SHELL; JSON form: CMD) or {@code HEALTHCHECK NONE},
   * into the image config's Healthcheck, durations in nanoseconds, as the Dockerfile builder does.
   */
  private static ObjectNode healthcheck(String arg) {
    ObjectNode hc = Json.plain().createObjectNode();
    String rest = arg;
    while (rest.startsWith("--")) {
      int sp = indexOfSpace(rest);
      String flag = sp < 0 ? rest : rest.substring(0, sp);
      rest = sp < 0 ? "" : rest.substring(sp).strip();
      int eq = flag.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("HEALTHCHECK: " + flag + " needs a value (" + flag + "=...)");
      }
      String name = flag.substring(2, eq);
      String value = flag.substring(eq + 1);
      String field = switch (name) {
        case "interval" -> "Interval";
        case "timeout" -> "Timeout";
        case "start-period" -> "StartPeriod";
        case "start-interval" -> "StartInterval";
        case "retries" -> "Retries";
        default -> throw new IllegalArgumentException("HEALTHCHECK: unknown flag: --" + name);
      };
      if (field.equals("Retries")) {
        int retries;
        try {
          retries = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("HEALTHCHECK: invalid --retries: " + value);
        }
        if (retries < 1) {
          throw new IllegalArgumentException("--retries must be at least 1 (not " + retries + ")");
        }
        hc.put(field, retries);
      } else {
        long nanos = dev.berth.api.GoDuration.parseNanos(value);
        if (nanos != 0 && nanos < 1_000_000) {
          throw new IllegalArgumentException("Interval \"" + name + "\" cannot be less than 1ms");
        }
        hc.put(field, nanos);
      }
    }
    int sp = indexOfSpace(rest);
    String type = (sp < 0 ? rest : rest.substring(0, sp)).toUpperCase(Locale.ROOT);
    String command = sp < 0 ? "" : rest.substring(sp).strip();
    ArrayNode test = hc.putArray("Test");
    switch (type) {
      case "NONE" -> {
        if (!command.isEmpty() || hc.size() > 1) {
          throw new IllegalArgumentException("HEALTHCHECK NONE takes no arguments");
        }
        test.add("NONE");
      }
      case "CMD" -> {
        if (command.isEmpty()) {
          throw new IllegalArgumentException("Missing command after HEALTHCHECK CMD");
        }
        ArrayNode exec = command.startsWith("[") ? parseJsonArray(command) : null;
        if (exec != null) {
          test.add("CMD");
          test.addAll(exec);
        } else {
          test.add("CMD-SHELL").add(command);
        }
      }
      default -> throw new IllegalArgumentException("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    }
    return hc;
  }

  private static int indexOfSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static ArrayNode command(String arg, boolean shellForm) {
    ArrayNode exec = arg.startsWith("[") ? parseJsonArray(arg) : null;
    if (exec != null) {
      return exec;
    }
    ArrayNode a = Json.plain().createArrayNode();
    if (shellForm) {
      a.add("/bin/sh").add("-c");
    }
    a.add(arg);
    return a;
  }

  private static ArrayNode parseJsonArray(String arg) {
    try {
      JsonNode n = Json.plain().readTree(arg);
      return n instanceof ArrayNode a ? a : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static void env(ObjectNode config, String arg) {
    ArrayNode env = config.get("Env") instanceof ArrayNode a ? a : config.putArray("Env");
    List<String[]> kvs = arg.contains("=") ? pairs(arg) : List.<String[]>of(splitFirstSpace(arg));
    for (String[] kv : kvs) {
      for (int i = env.size() - 1; i >= 0; i--) {
        if (env.get(i).asText().startsWith(kv[0] + "=")) {
          env.remove(i);
        }
      }
      env.add(kv[0] + "=" + kv[1]);
    }
  }

  private static String[] splitFirstSpace(String arg) {
    int sp = indexOfSpace(arg);
    if (sp < 0) {
      throw new IllegalArgumentException("ENV names can not be blank: " + arg);
    }
    return new String[] {arg.substring(0, sp), arg.substring(sp).strip()};
  }

  /** {@code a=b c="d e"} into pairs, quotes removed. */
  private static List<String[]> pairs(String arg) {
    List<String[]> out = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (char ch : arg.toCharArray()) {
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
      } else if (Character.isWhitespace(ch)) {
        if (!cur.isEmpty()) {
          words.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(ch);
      }
    }
    if (!cur.isEmpty()) {
      words.add(cur.toString());
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid key-value pair: " + w);
      }
      out.add(new String[] {w.substring(0, eq), w.substring(eq + 1)});
    }
    return out;
  }

  private static ObjectNode labels(ObjectNode config) {
    return child(config, "Labels");
  }

  private static ObjectNode child(ObjectNode config, String name) {
    return config.get(name) instanceof ObjectNode o ? o : config.putObject(name);
  }
}
