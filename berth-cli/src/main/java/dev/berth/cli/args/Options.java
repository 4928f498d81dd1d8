package dev.berth.cli.args;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags one command accepts, declared docker-style: a long name, an optional one-letter
 * shorthand, and whether the flag is a switch, a single value (last one wins) or a repeatable list.
 *
 * <p>Hand-written rather than picocli because picocli's reflection and annotation scanning cost
 * tens of milliseconds at start-up, and because docker's parsing rules (pflag: {@code -it},
 * {@code -eK=V}, {@code --rm=false}, options ending at the image name for {@code run}) are simple
 * to follow exactly here.
 */
public final class Options {
  /** How a flag takes its value. */
  public enum Kind { BOOL, VALUE, LIST }

  /** One declared flag; {@code type} names the value in help ("string", "list", "int"). */
  public record Opt(char shorthand, String name, Kind kind, String type, String description, boolean hidden) {}

  private final List<Opt> opts = new ArrayList<>();
  private final Map<String, Opt> byName = new HashMap<>();
  private final Map<Character, Opt> byShort = new HashMap<>();
  private boolean interspersed = true;

  public Options bool(char shorthand, String name, String description) {
    return add(new Opt(shorthand, name, Kind.BOOL, "", description, false));
  }

  public Options bool(String name, String description) {
    return bool('\0', name, description);
  }

  public Options value(char shorthand, String name, String type, String description) {
    return add(new Opt(shorthand, name, Kind.VALUE, type, description, false));
  }

  public Options value(String name, String type, String description) {
    return value('\0', name, type, description);
  }

  public Options list(char shorthand, String name, String type, String description) {
    return add(new Opt(shorthand, name, Kind.LIST, type, description, false));
  }

  public Options list(String name, String type, String description) {
    return list('\0', name, type, description);
  }

  /** A flag that is parsed but not shown in help (deprecated aliases such as {@code --net}). */
  public Options hidden(char shorthand, String name, Kind kind) {
    return add(new Opt(shorthand, name, kind, "", "", true));
  }

  /**
   * Stops flag parsing at the first positional argument, as {@code run}, {@code create} and
   * {@code exec} do so that the container's own command keeps its flags.
   */
  public Options stopAtFirstPositional() {
    interspersed = false;
    return this;
  }

  private Options add(Opt opt) {
    opts.add(opt);
    byName.put(opt.name(), opt);
    if (opt.shorthand() != '\0') {
      byShort.put(opt.shorthand(), opt);
    }
    return this;
  }

  public List<Opt> all() {
    return opts;
  }

  public ParsedArgs parse(List<String> args) {
    ParsedArgs out = new ParsedArgs();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        out.positional.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (a.startsWith("--")) {
        i = parseLong(args, i, out);
      } else if (a.startsWith("-") && a.length() > 1) {
        i = parseShort(args, i, out);
      } else {
        out.positional.add(a);
        if (!interspersed) {
          out.positional.addAll(args.subList(i + 1, args.size()));
          break;
        }
      }
    }
    return out;
  }

  private int parseLong(List<String> args, int i, ParsedArgs out) {
    String a = args.get(i);
    int eq = a.indexOf('=');
    String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
    if (name.equals("help")) {
      out.help = true;
      return i;
    }
    Opt opt = byName.get(name);
    if (opt == null) {
      throw new UsageException("unknown flag: --" + name);
    }
    if (opt.kind() == Kind.BOOL) {
      String v = eq < 0 ? "true" : a.substring(eq + 1);
      out.set(opt, parseBool(v, "--" + name));
      return i;
    }
    if (eq >= 0) {
      out.set(opt, a.substring(eq + 1));
      return i;
    }
    if (i + 1 >= args.size()) {
      throw new UsageException("flag needs an argument: --" + name);
    }
    out.set(opt, args.get(i + 1));
    return i + 1;
  }

  private int parseShort(List<String> args, int i, ParsedArgs out) {
    String a = args.get(i);
    for (int j = 1; j < a.length(); j++) {
      char c = a.charAt(j);
      Opt opt = byShort.get(c);
      if (opt == null) {
        if (c == 'h' && !byShort.containsKey('h')) {
          out.help = true;
          continue;
        }
        throw new UsageException("unknown shorthand flag: '" + c + "' in " + a);
      }
      if (opt.kind() == Kind.BOOL) {
        if (j + 1 < a.length() && a.charAt(j + 1) == '=') {
          out.set(opt, parseBool(a.substring(j + 2), "-" + c));
          return i;
        }
        out.set(opt, "true");
        continue;
      }
      String rest = a.substring(j + 1);
      if (rest.startsWith("=")) {
        rest = rest.substring(1);
      }
      if (!rest.isEmpty() || j + 1 < a.length()) {
        out.set(opt, rest);
        return i;
      }
      if (i + 1 >= args.size()) {
        throw new UsageException("flag needs an argument: '" + c + "' in " + a);
      }
      out.set(opt, args.get(i + 1));
      return i + 1;
    }
    return i;
  }

  private static String parseBool(String v, String flag) {
    return switch (v) {
      case "true", "1", "t", "T", "TRUE", "True" -> "true";
      case "false", "0", "f", "F", "FALSE", "False" -> "false";
      default -> throw new UsageException("invalid argument \"" + v + "\" for \"" + flag + "\" flag: strconv.ParseBool: parsing \""
          + v + "\": invalid syntax");
    };
  }

  /** The "Options:" block of a command's help, laid out like docker's. */
  public String help() {
    List<String[]> rows = new ArrayList<>();
    int width = 0;
    for (Opt o : opts) {
      if (o.hidden()) {
        continue;
      }
      String left = (o.shorthand() != '\0' ? "  -" + o.shorthand() + ", " : "      ") + "--" + o.name()
          + (o.type().isEmpty() ? "" : " " + o.type());
      rows.add(new String[] {left, o.description()});
      width = Math.max(width, left.length());
    }
    rows.add(new String[] {"      --help", "Print usage"});
    width = Math.max(width, 12);
    StringBuilder sb = new StringBuilder("Options:\n");
    for (String[] r : rows) {
      sb.append(r[0]).append(" ".repeat(width - r[0].length() + 3)).append(r[1]).append('\n');
    }
    return sb.toString();
  }
}
