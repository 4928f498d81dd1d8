package dev.berth.cli.format;

import java.util.List;
import java.util.Map;

/**
 * A value whose template fields are computed, like docker's formatter contexts: {@code {{.Names}}}
 * or {@code {{.Label "com.example"}}} on a ps row. Unknown fields are template errors as in Go.
 */
public interface TemplateObject {
  /** The field's value; {@code args} holds the arguments of a method-style call. */
  Object field(String name, List<Object> args);

  /** All fields for {@code {{json .}}} and {@code --format json}. */
  Map<String, Object> toJson();
}
