package dev.berth.cli.args;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The flags a command was given, keyed by long name, and its positional arguments in order. */
public final class ParsedArgs {
  final Map<String, List<String>> values = new HashMap<>();
  final List<String> positional = new ArrayList<>();
  boolean help;

  void set(Options.Opt opt, String value) {
    List<String> l = values.computeIfAbsent(opt.name(), k -> new ArrayList<>());
    if (opt.kind() != Options.Kind.LIST) {
      l.clear();
    }
    l.add(value);
  }

  public boolean help() {
    return help;
  }

  /** Whether the flag appeared at all, whatever its value (docker's {@code Changed}). */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  public boolean bool(String name) {
    List<String> l = values.get(name);
    return l != null && "true".equals(l.get(l.size() - 1));
  }

  public boolean bool(String name, boolean dflt) {
    return has(name) ? bool(name) : dflt;
  }

  public String value(String name) {
    List<String> l = values.get(name);
    return l == null ? null : l.get(l.size() - 1);
  }

  public String value(String name, String dflt) {
    String v = value(name);
    return v == null ? dflt : v;
  }

  public List<String> list(String name) {
    List<String> l = values.get(name);
    return l == null ? Collections.emptyList() : l;
  }

  /** An integer flag; a malformed number is a usage error, as in docker. */
  public long longValue(String name, long dflt) {
    String v = value(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("invalid argument \"" + v + "\" for \"--" + name + "\" flag: strconv.ParseInt: parsing \""
          + v + "\": invalid syntax");
    }
  }

  public List<String> positional() {
    return positional;
  }
}
