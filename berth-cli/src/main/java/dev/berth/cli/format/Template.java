package dev.berth.cli.format;

import dev.berth.cli.format.TemplateNode.Branch;
import dev.berth.cli.format.TemplateNode.Command;
import dev.berth.cli.format.TemplateNode.Field;
import dev.berth.cli.format.TemplateNode.Function;
import dev.berth.cli.format.TemplateNode.Literal;
import dev.berth.cli.format.TemplateNode.Nested;
import dev.berth.cli.format.TemplateNode.Operand;
import dev.berth.cli.format.TemplateNode.Pipeline;
import dev.berth.cli.format.TemplateNode.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Go template, executed over plain JSON values and {@link TemplateObject} rows.
 *
 * <p>docker's {@code --format} and {@code inspect -f} are Go's text/template; users paste templates
 * from docs and scripts, so the semantics that matter are followed: printing via fmt's rules
 * ({@link GoValues}), Go truthiness, range over lists and sorted maps, and docker's extra functions.
 */
public final class Template {
  private final List<TemplateNode> nodes;

  private Template(List<TemplateNode> nodes) {
    this.nodes = nodes;
  }

  public static Template parse(String text) {
    return new Template(TemplateParser.parse(text));
  }

  public String execute(Object data) {
    StringBuilder out = new StringBuilder();
    Scope scope = new Scope(null);
    scope.vars.put("$", data);
    run(nodes, data, scope, out);
    return out.toString();
  }

  private void run(List<TemplateNode> list, Object dot, Scope scope, StringBuilder out) {
    for (TemplateNode n : list) {
      switch (n) {
        case TemplateNode.Text t -> out.append(t.text());
        case TemplateNode.Action a -> {
          Object v = pipeline(a.pipeline(), dot, scope);
          if (a.pipeline().vars().isEmpty()) {
            out.append(GoValues.print(v));
          }
        }
        case Branch b -> branch(b, dot, scope, out);
      }
    }
  }

  private void branch(Branch b, Object dot, Scope outer, StringBuilder out) {
    Scope scope = new Scope(outer);
    switch (b.kind()) {
      case IF -> {
        Object v = pipeline(b.pipeline(), dot, scope);
        run(GoValues.truthy(v) ? b.body() : b.otherwise(), dot, scope, out);
      }
      case WITH -> {
        Object v = pipeline(b.pipeline(), dot, scope);
        if (GoValues.truthy(v)) {
          run(b.body(), v, scope, out);
        } else {
          run(b.otherwise(), dot, scope, out);
        }
      }
      case RANGE -> {
        List<String> vars = b.pipeline().vars();
        Pipeline bare = new Pipeline(List.of(), b.pipeline().commands());
        Object v = pipeline(bare, dot, scope);
        List<Object[]> items = new ArrayList<>();
        if (v instanceof List<?> l) {
          for (int i = 0; i < l.size(); i++) {
            items.add(new Object[] {(long) i, l.get(i)});
          }
        } else if (v instanceof Map<?, ?> m) {
          for (Object k : GoValues.sortedKeys(m)) {
            items.add(new Object[] {k, m.get(k)});
          }
        } else if (v instanceof Long n) {
          for (long i = 0; i < n; i++) {
            items.add(new Object[] {i, i});
          }
        } else if (v != null && v != GoValues.NO_VALUE) {
          throw new TemplateException("template: :1: range can't iterate over " + GoValues.print(v));
        }
        if (items.isEmpty()) {
          run(b.otherwise(), dot, scope, out);
          return;
        }
        for (Object[] item : items) {
          if (vars.size() == 1) {
            scope.vars.put(vars.get(0), item[1]);
          } else if (vars.size() >= 2) {
            scope.vars.put(vars.get(0), item[0]);
            scope.vars.put(vars.get(1), item[1]);
          }
          run(b.body(), item[1], scope, out);
        }
      }
    }
  }

  private Object pipeline(Pipeline p, Object dot, Scope scope) {
    Object value = null;
    boolean piped = false;
    for (Command c : p.commands()) {
      value = command(c, dot, scope, piped ? value : null, piped);
      piped = true;
    }
    for (String var : p.vars()) {
      scope.set(var, value);
    }
    return value;
  }

  private Object command(Command c, Object dot, Scope scope, Object input, boolean piped) {
    List<Operand> ops = c.operands();
    Operand head = ops.get(0);
    List<Object> args = new ArrayList<>();
    for (int i = 1; i < ops.size(); i++) {
      args.add(operand(ops.get(i), dot, scope, List.of()));
    }
    if (piped) {
      args.add(input);
    }
    if (head instanceof Function f) {
      return TemplateFunctions.call(f.name(), args);
    }
    if (!args.isEmpty() && !(head instanceof Field || head instanceof Variable v && !v.chain().isEmpty())) {
      throw new TemplateException("template: :1: can't give argument to non-function");
    }
    return operand(head, dot, scope, args);
  }

  /** Evaluates an operand; {@code args} go to the last field of a chain (a method call). */
  private Object operand(Operand op, Object dot, Scope scope, List<Object> args) {
    return switch (op) {
      case Literal l -> l.value();
      case Function f -> TemplateFunctions.call(f.name(), args);
      case Field f -> chain(dot, f.chain(), args);
      case Variable v -> chain(scope.get(v.name()), v.chain(), args);
      case Nested n -> chain(pipeline(n.pipeline(), dot, scope), n.chain(), args);
    };
  }

  private static Object chain(Object v, List<String> chain, List<Object> args) {
    if (chain.isEmpty() && !args.isEmpty()) {
      throw new TemplateException("template: :1: can't give argument to non-function");
    }
    for (int i = 0; i < chain.size(); i++) {
      v = GoValues.field(v, chain.get(i), i == chain.size() - 1 ? args : List.of());
    }
    return v;
  }

  /** Variables visible in a block; {@code $} is the root data. */
  private static final class Scope {
    final Scope parent;
    final Map<String, Object> vars = new HashMap<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    Object get(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        if (s.vars.containsKey(name)) {
          return s.vars.get(name);
        }
      }
      throw new TemplateException("template: :1: undefined variable: " + name);
    }

    void set(String name, Object value) {
      for (Scope s = this; s != null; s = s.parent) {
        if (s.vars.containsKey(name)) {
          s.vars.put(name, value);
          return;
        }
      }
      vars.put(name, value);
    }
  }
}
