package dev.berth.daemon.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One placement constraint such as {@code node.labels.zone==east} or {@code node.role!=manager}, as
 * {@code docker service create --constraint} takes it. Keys are matched case-insensitively and
 * values exactly, except the role, platform and hostname, which swarmkit also matches ignoring case.
 */
public record Constraint(String key, boolean equal, String value) {

  /** A constraint the user wrote that cannot be parsed; the message says which and why. */
  public static final class InvalidConstraint extends IllegalArgumentException {
    InvalidConstraint(String message) {
      super(message);
    }
  }

  public static Constraint parse(String expression) {
    int eq = expression.indexOf("==");
    int ne = expression.indexOf("!=");
    if ((eq < 0) == (ne < 0)) {
      throw new InvalidConstraint("invalid constraint " + quote(expression) + ": expected one operator from ==, !=");
    }
    int at = eq >= 0 ? eq : ne;
    String key = expression.substring(0, at).strip();
    String value = expression.substring(at + 2).strip();
    if (key.isEmpty() || !key.matches("[A-Za-z0-9._-]+")) {
      throw new InvalidConstraint("invalid constraint " + quote(expression) + ": key " + quote(key) + " is not valid");
    }
    String lower = key.toLowerCase(Locale.ROOT);
    if (!(lower.equals("node.id") || lower.equals("node.hostname") || lower.equals("node.role")
        || lower.equals("node.platform.os") || lower.equals("node.platform.arch")
        || (lower.startsWith("node.labels.") && lower.length() > 12)
        || (lower.startsWith("engine.labels.") && lower.length() > 14))) {
      throw new InvalidConstraint("invalid constraint " + quote(expression) + ": unknown key " + quote(key));
    }
    if (value.isEmpty()) {
      throw new InvalidConstraint("invalid constraint " + quote(expression) + ": no value");
    }
    return new Constraint(key, eq >= 0, value);
  }

  public static List<Constraint> parseAll(List<String> expressions) {
    List<Constraint> out = new ArrayList<>();
    for (String e : expressions) {
      out.add(parse(e));
    }
    return List.copyOf(out);
  }

  /** Whether the node satisfies this constraint. */
  public boolean matches(Node node) {
    String lower = key.toLowerCase(Locale.ROOT);
    String actual;
    boolean ignoreCase = true;
    if (lower.equals("node.id")) {
      actual = node.id();
      ignoreCase = false;
    } else if (lower.equals("node.hostname")) {
      actual = node.hostname();
    } else if (lower.equals("node.role")) {
      actual = node.role().apiName();
    } else if (lower.equals("node.platform.os")) {
      actual = "linux";
    } else if (lower.equals("node.platform.arch")) {
      actual = "x86_64";
    } else {
      // node labels and engine labels: Berth keeps one label set per node
      String label = key.substring(key.indexOf(".labels.") + 8);
      actual = node.labels().get(label);
      ignoreCase = false;
    }
    boolean same = actual != null && (ignoreCase ? actual.equalsIgnoreCase(value) : actual.equals(value));
    return equal == same;
  }

  @Override
  public String toString() {
    return key + (equal ? "==" : "!=") + value;
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
