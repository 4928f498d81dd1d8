package dev.berth.compose.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads one compose file into plain Java values (ordered maps, lists, strings, longs, doubles,
 * booleans, null) with snakeyaml-engine's YAML 1.2 core schema.
 *
 * <p>snakeyaml-engine composes the node graph; the values are built here rather than by its
 * constructor because compose needs three things YAML 1.2 itself does not have: {@code <<} merge
 * keys (every compose file with {@code x-} anchors uses them), compose's {@code !reset} and
 * {@code !override} tags, and go-yaml's reading of {@code 0755} as octal (compose v2 parses with
 * go-yaml, so a file mode written {@code 0440} means 288 there; the 1.2 core schema would say 440).
 */
public final class YamlReader {
  private static final Tag RESET = new Tag("!reset");
  private static final Tag OVERRIDE = new Tag("!override");

  private final String file;

  private YamlReader(String file) {
    this.file = file;
  }

  /** The file's top-level mapping; an empty file is an empty mapping. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(String text, String file) {
    LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(1000).build();
    Optional<Node> root;
    try {
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      throw new ComposeException("yaml: " + file + ": line " + (e.getProblemMark().map(m -> m.getLine() + 1).orElse(0))
          + ": " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new ComposeException("yaml: " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root.isEmpty()) {
      return new LinkedHashMap<>();
    }
    Object v = new YamlReader(file).value(root.get());
    if (v == null) {
      return new LinkedHashMap<>();
    }
    if (!(v instanceof Map)) {
      throw new ComposeException(file + ": top-level object must be a mapping");
    }
    return (Map<String, Object>) v;
  }

  private Object value(Node node) {
    Object v = switch (node) {
      case ScalarNode s -> scalar(s);
      case SequenceNode s -> sequence(s);
      case MappingNode m -> mapping(m);
      default -> throw new ComposeException(file + ": unsupported YAML node");
    };
    if (node.getTag().equals(RESET)) {
      return new Tagged(Tagged.Kind.RESET, v);
    }
    if (node.getTag().equals(OVERRIDE)) {
      return new Tagged(Tagged.Kind.OVERRIDE, v);
    }
    return v;
  }

  private Object scalar(ScalarNode s) {
    String text = s.getValue();
    Tag tag = s.getTag();
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      return Boolean.valueOf(text.equalsIgnoreCase("true"));
    }
    if (tag.equals(Tag.INT)) {
      return integer(text);
    }
    if (tag.equals(Tag.FLOAT)) {
      return floating(text);
    }
    if (s.isPlain() && tag.equals(Tag.STR) && text.matches("0[0-7]+")) {
      return integer(text); // plain 0440: the 1.2 core schema leaves it a string, go-yaml reads octal
    }
    return text;
  }

  private static Object integer(String text) {
    String t = text.startsWith("+") ? text.substring(1) : text;
    boolean neg = t.startsWith("-");
    String digits = neg ? t.substring(1) : t;
    long v;
    if (digits.startsWith("0o")) {
      v = Long.parseLong(digits.substring(2), 8);
    } else if (digits.startsWith("0x")) {
      v = Long.parseLong(digits.substring(2), 16);
    } else if (digits.length() > 1 && digits.startsWith("0") && digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
      v = Long.parseLong(digits, 8); // go-yaml's YAML 1.1 octal, as compose v2 reads it
    } else {
      return Long.parseLong(t);
    }
    return neg ? -v : v;
  }

  private static Object floating(String text) {
    return switch (text.toLowerCase()) {
      case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
      case "-.inf" -> Double.NEGATIVE_INFINITY;
      case ".nan" -> Double.NaN;
      default -> Double.valueOf(text);
    };
  }

  private List<Object> sequence(SequenceNode s) {
    List<Object> out = new ArrayList<>();
    for (Node n : s.getValue()) {
      out.add(value(n));
    }
    return out;
  }

  private Map<String, Object> mapping(MappingNode m) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> merged = new ArrayList<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      if (k instanceof ScalarNode ks && ks.getValue().equals("<<") && (ks.isPlain() || ks.getTag().equals(Tag.MERGE))) {
        Node v = t.getValueNode();
        if (v instanceof SequenceNode seq) {
          for (Node n : seq.getValue()) {
            merged.add(asMap(value(n)));
          }
        } else {
          merged.add(asMap(value(v)));
        }
        continue;
      }
      Object key = value(k);
      out.put(key == null ? "null" : keyText(key), value(t.getValueNode()));
    }
    if (merged.isEmpty()) {
      return out;
    }
    // Keys of the mapping itself win over merged ones; earlier merge sources win over later ones.
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map<String, Object> src : merged) {
      for (Map.Entry<String, Object> e : src.entrySet()) {
        result.putIfAbsent(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, Object> e : out.entrySet()) {
      result.remove(e.getKey());
    }
    Map<String, Object> ordered = new LinkedHashMap<>(result);
    ordered.putAll(out);
    return ordered;
  }

  private static String keyText(Object key) {
    if (key instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.valueOf(d);
    }
    return String.valueOf(key);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asMap(Object v) {
    if (v instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new ComposeException(file + ": a merge key (<<) needs a mapping");
  }
}
