package dev.berth.compose.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merged model checked against compose's JSON schema (draft-07, the structure of
 * compose-spec's compose-spec.json) with networknt's validator, and its first error said as
 * compose v2 says it: {@code services.web.ports must be a list},
 * {@code (root) Additional property servces is not allowed}.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  private static Schema schema;

  private static synchronized Schema schema() {
    if (schema == null) {
      try (InputStream in = SchemaCheck.class.getResourceAsStream("/dev/berth/compose/load/compose-schema.json")) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(text, InputFormat.JSON);
      } catch (IOException e) {
        throw new IllegalStateException("compose schema missing from the jar", e);
      }
    }
    return schema;
  }

  static void validate(Map<String, Object> model, Map<String, String> env) {
    ValidatedModels seen = ValidatedModels.in(env);
    String key = seen.key(model);
    if (seen.contains(key)) {
      return; // this exact model passed before: skip loading Jackson and the validator (a no-op up stays fast)
    }
    JsonNode node = new ObjectMapper().valueToTree(model);
    List<Error> errors = schema().validate(node);
    if (errors.isEmpty()) {
      seen.add(key);
      return;
    }
    throw new ComposeException(describe(errors));
  }

  /** The most specific error: the deepest location, type errors there merged into one sentence. */
  static String describe(List<Error> errors) {
    List<Error> useful = new ArrayList<>();
    for (Error e : errors) {
      if (!"oneOf".equals(e.getKeyword()) && !"anyOf".equals(e.getKeyword())) {
        useful.add(e);
      }
    }
    if (useful.isEmpty()) {
      useful = errors;
    }
    Error best = useful.get(0);
    for (Error e : useful) {
      int d = depth(e.getInstanceLocation()) + (e.getProperty() != null ? 1 : 0);
      int b = depth(best.getInstanceLocation()) + (best.getProperty() != null ? 1 : 0);
      if (d > b) {
        best = e;
      }
    }
    String path = path(best.getInstanceLocation());
    switch (best.getKeyword()) {
      case "type" -> {
        Set<String> expected = new LinkedHashSet<>();
        for (Error e : useful) {
          if ("type".equals(e.getKeyword()) && path(e.getInstanceLocation()).equals(path)) {
            expected.addAll(typeNames(e));
          }
        }
        return (path.isEmpty() ? "(root)" : path) + " must be a " + String.join(" or a ", expected);
      }
      case "additionalProperties" -> {
        return (path.isEmpty() ? "(root)" : path) + " Additional property " + best.getProperty() + " is not allowed";
      }
      case "enum" -> {
        return path + " must be one of the following: " + enumValues(best);
      }
      case "required" -> {
        return (path.isEmpty() ? "(root)" : path) + " " + best.getProperty() + " is required";
      }
      default -> {
        return (path.isEmpty() ? "(root)" : path) + " " + best.getMessage().replaceFirst("^\\S+: ", "");
      }
    }
  }

  private static List<String> typeNames(Error e) {
    List<String> out = new ArrayList<>();
    JsonNode t = e.getSchemaNode() == null ? null : e.getSchemaNode();
    List<String> raw = new ArrayList<>();
    if (t != null && t.isArray()) {
      t.forEach(n -> raw.add(n.asText()));
    } else if (t != null && t.isTextual()) {
      raw.add(t.asText());
    } else if (e.getArguments() != null && e.getArguments().length > 1) {
      raw.add(String.valueOf(e.getArguments()[1]));
    }
    for (String r : raw) {
      for (String one : r.replaceAll("[\\[\\]\"]", "").split(",\\s*")) {
        String name = switch (one.strip()) {
          case "array" -> "list";
          case "object" -> "mapping";
          case "integer", "number" -> "number";
          default -> one.strip();
        };
        if (!name.equals("null") && !out.contains(name)) {
          out.add(name);
        }
      }
    }
    return out;
  }

  private static String enumValues(Error e) {
    List<String> values = new ArrayList<>();
    JsonNode n = e.getSchemaNode();
    if (n != null && n.isArray()) {
      n.forEach(v -> values.add("\"" + v.asText() + "\""));
      return String.join(", ", values);
    }
    return e.getMessage();
  }

  private static int depth(NodePath p) {
    return p == null ? 0 : p.getNameCount();
  }

  private static String path(NodePath p) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; p != null && i < p.getNameCount(); i++) {
      if (!sb.isEmpty()) {
        sb.append('.');
      }
      sb.append(p.getElement(i));
    }
    return sb.toString();
  }
}
