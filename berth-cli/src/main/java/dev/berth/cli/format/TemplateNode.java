package dev.berth.cli.format;

import java.util.List;

/** The parse tree of a Go template: text, actions and the control structures docker users write. */
sealed interface TemplateNode {
  /** Literal text between actions. */
  record Text(String text) implements TemplateNode {}

  /** {@code {{pipeline}}}: the value is printed unless the pipeline only declares a variable. */
  record Action(Pipeline pipeline) implements TemplateNode {}

  /** {@code {{if}}}, {@code {{with}}} (dot becomes the value) and {@code {{range}}}. */
  record Branch(Kind kind, Pipeline pipeline, List<TemplateNode> body, List<TemplateNode> otherwise)
      implements TemplateNode {}

  enum Kind { IF, WITH, RANGE }

  /** Commands joined by {@code |}; {@code vars} are declared with {@code :=}. */
  record Pipeline(List<String> vars, List<Command> commands) {}

  /** A function call or a single value with its arguments. */
  record Command(List<Operand> operands) {}

  sealed interface Operand {}

  /** {@code .A.B} (empty chain is dot itself). */
  record Field(List<String> chain) implements Operand {}

  /** {@code $x.A} ({@code $} alone is the root data). */
  record Variable(String name, List<String> chain) implements Operand {}

  /** A string, number or boolean constant, or nil. */
  record Literal(Object value) implements Operand {}

  /** A function name such as {@code json} or {@code index}. */
  record Function(String name) implements Operand {}

  /** {@code (pipeline).A.B}. */
  record Nested(Pipeline pipeline, List<String> chain) implements Operand {}
}
