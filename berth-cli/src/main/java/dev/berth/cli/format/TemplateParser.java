package dev.berth.cli.format;

import dev.berth.cli.format.TemplateNode.Branch;
import dev.berth.cli.format.TemplateNode.Command;
import dev.berth.cli.format.TemplateNode.Field;
import dev.berth.cli.format.TemplateNode.Function;
import dev.berth.cli.format.TemplateNode.Kind;
import dev.berth.cli.format.TemplateNode.Literal;
import dev.berth.cli.format.TemplateNode.Nested;
import dev.berth.cli.format.TemplateNode.Operand;
import dev.berth.cli.format.TemplateNode.Pipeline;
import dev.berth.cli.format.TemplateNode.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the subset of Go's text/template that docker's {@code --format} users rely on: actions with
 * trim markers, fields, variables, function calls, pipes, parentheses, comments, and
 * if/else if/else, with and range blocks.
 */
final class TemplateParser {
  private final String src;
  private int pos;
  /** Tokens of the action being parsed. */
  private List<String> toks;
  private int tp;

  private TemplateParser(String src) {
    this.src = src;
  }

  static List<TemplateNode> parse(String src) {
    TemplateParser p = new TemplateParser(src);
    List<TemplateNode> nodes = new ArrayList<>();
    String end = p.parseList(nodes);
    if (end != null) {
      throw new TemplateException("template: :1: unexpected {{" + end + "}}");
    }
    return nodes;
  }

  /** Parses nodes until {{end}}/{{else...}} (returned as its keyword text) or the end of input (null). */
  private String parseList(List<TemplateNode> out) {
    while (pos < src.length()) {
      int open = src.indexOf("{{", pos);
      if (open < 0) {
        out.add(new TemplateNode.Text(src.substring(pos)));
        pos = src.length();
        break;
      }
      String text = src.substring(pos, open);
      boolean trimLeft = src.startsWith("{{- ", open) || src.startsWith("{{-\t", open) || src.startsWith("{{-\n", open);
      if (trimLeft) {
        text = text.stripTrailing();
      }
      if (!text.isEmpty()) {
        out.add(new TemplateNode.Text(text));
      }
      int start = open + (trimLeft ? 3 : 2);
      int close = findClose(start);
      boolean trimRight = close - 2 >= start && src.charAt(close - 1) == '-' && Character.isWhitespace(src.charAt(close - 2));
      String body = src.substring(start, trimRight ? close - 1 : close).trim();
      pos = close + 2;
      if (trimRight) {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
          pos++;
        }
      }
      if (body.startsWith("/*")) {
        continue;
      }
      toks = tokenize(body);
      tp = 0;
      if (toks.isEmpty()) {
        throw new TemplateException("template: :1: missing value for command");
      }
      String first = toks.get(0);
      switch (first) {
        case "end" -> {
          return "end";
        }
        case "else" -> {
          return "else";
        }
        case "if", "with", "range" -> {
          tp = 1;
          out.add(parseBranch(first));
        }
        default -> out.add(new TemplateNode.Action(pipeline()));
      }
    }
    return null;
  }

  private Branch parseBranch(String keyword) {
    Kind kind = switch (keyword) {
      case "if" -> Kind.IF;
      case "with" -> Kind.WITH;
      default -> Kind.RANGE;
    };
    Pipeline pipe = pipeline();
    List<TemplateNode> body = new ArrayList<>();
    String end = parseList(body);
    List<TemplateNode> otherwise = new ArrayList<>();
    if (end == null) {
      throw new TemplateException("template: :1: unexpected EOF");
    }
    if (end.equals("else")) {
      if (toks.size() > 1 && (toks.get(1).equals("if") || toks.get(1).equals("with"))) {
        // {{else if x}} ... {{end}}: a nested branch that consumes the shared {{end}}
        tp = 2;
        otherwise.add(parseBranch(toks.get(1)));
      } else {
        String close = parseList(otherwise);
        if (!"end".equals(close)) {
          throw new TemplateException("template: :1: expected end; found " + (close == null ? "EOF" : close));
        }
      }
    }
    return new Branch(kind, pipe, body, otherwise);
  }

  private int findClose(int from) {
    int i = from;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '"' || c == '`') {
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != c) {
          if (c == '"' && src.charAt(j) == '\\') {
            j++;
          }
          j++;
        }
        i = j + 1;
        continue;
      }
      if (src.startsWith("}}", i)) {
        return i;
      }
      i++;
    }
    throw new TemplateException("template: :1: unclosed action");
  }

  private Pipeline pipeline() {
    List<String> vars = new ArrayList<>();
    int save = tp;
    while (tp < toks.size() && toks.get(tp).startsWith("$")) {
      vars.add(toks.get(tp++));
      if (tp < toks.size() && toks.get(tp).equals(",")) {
        tp++;
        continue;
      }
      break;
    }
    if (!vars.isEmpty() && tp < toks.size() && (toks.get(tp).equals(":=") || toks.get(tp).equals("="))) {
      tp++;
    } else {
      vars.clear();
      tp = save;
    }
    List<Command> cmds = new ArrayList<>();
    while (true) {
      List<Operand> ops = new ArrayList<>();
      while (tp < toks.size() && !toks.get(tp).equals("|") && !toks.get(tp).equals(")")) {
        ops.add(operand());
      }
      if (ops.isEmpty()) {
        throw new TemplateException("template: :1: missing value for command");
      }
      cmds.add(new Command(ops));
      if (tp < toks.size() && toks.get(tp).equals("|")) {
        tp++;
        continue;
      }
      return new Pipeline(vars, cmds);
    }
  }

  private Operand operand() {
    String t = toks.get(tp++);
    if (t.equals("(")) {
      Pipeline inner = pipeline();
      if (tp >= toks.size() || !toks.get(tp).equals(")")) {
        throw new TemplateException("template: :1: unclosed left paren");
      }
      tp++;
      List<String> chain = new ArrayList<>();
      while (tp < toks.size() && toks.get(tp).startsWith(".") && toks.get(tp).length() > 1) {
        chain.addAll(fieldChain(toks.get(tp++)));
      }
      return new Nested(inner, chain);
    }
    char c = t.charAt(0);
    if (c == '.') {
      return new Field(t.equals(".") ? List.of() : fieldChain(t));
    }
    if (c == '$') {
      int dot = t.indexOf('.');
      return dot < 0 ? new Variable(t, List.of()) : new Variable(t.substring(0, dot), fieldChain(t.substring(dot)));
    }
    if (c == '"') {
      return new Literal(unquote(t));
    }
    if (c == '`') {
      return new Literal(t.substring(1, t.length() - 1));
    }
    if (c == '-' || Character.isDigit(c)) {
      try {
        return new Literal(t.contains(".") ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw new TemplateException("template: :1: bad number syntax: \"" + t + "\"");
      }
    }
    return switch (t) {
      case "true" -> new Literal(Boolean.TRUE);
      case "false" -> new Literal(Boolean.FALSE);
      case "nil" -> new Literal(null);
      default -> {
        if (!TemplateFunctions.exists(t)) {
          throw new TemplateException("template: :1: function \"" + t + "\" not defined");
        }
        yield new Function(t);
      }
    };
  }

  private static List<String> fieldChain(String t) {
    List<String> out = new ArrayList<>();
    for (String part : t.substring(1).split("\\.")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  private static String unquote(String t) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < t.length() - 1; i++) {
      char c = t.charAt(i);
      if (c == '\\' && i + 1 < t.length() - 1) {
        char e = t.charAt(++i);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')' || c == '|' || c == ',') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
        out.add(":=");
        i += 2;
      } else if (c == '=') {
        out.add("=");
        i++;
      } else if (c == '"' || c == '`') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          if (c == '"' && s.charAt(j) == '\\') {
            j++;
          }
          j++;
        }
        if (j >= s.length()) {
          throw new TemplateException("template: :1: unterminated quoted string");
        }
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()|,\"`".indexOf(s.charAt(j)) < 0
            && !(s.charAt(j) == ':' && j + 1 < s.length() && s.charAt(j + 1) == '=')
            && !(s.charAt(j) == '=' && j > i)) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
