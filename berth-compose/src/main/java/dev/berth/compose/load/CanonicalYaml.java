package dev.berth.compose.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;

/**
 * The canonical model as YAML, laid out as compose v2 prints it: block style, two-space indent,
 * list items indented under their key, no line folding, and every literal {@code $} written
 * {@code $$} again so that the output loads back to the same model.
 */
public final class CanonicalYaml {
  private CanonicalYaml() {}

  public static String write(Map<String, Object> model) {
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2).setIndicatorIndent(2)
        .setIndentWithIndicator(true).setWidth(Integer.MAX_VALUE).setSplitLines(false).build();
    return new Dump(settings, new GoStyle(settings)).dumpToString(escaped(model));
  }

  /**
   * Quotes as go-yaml does: a string that would read back as another type ({@code "8080"},
   * {@code "true"}, {@code ""}) in double quotes, everything else plain where YAML allows.
   */
  private static final class GoStyle extends StandardRepresenter {
    private static final CoreScalarResolver RESOLVER = new CoreScalarResolver(false);

    GoStyle(DumpSettings settings) {
      super(settings);
    }

    @Override
    protected Node representScalar(Tag tag, String value, ScalarStyle style) {
      if (tag.equals(Tag.STR) && style == ScalarStyle.PLAIN
          && (value.isEmpty() || !RESOLVER.resolve(value, true).equals(Tag.STR) || value.matches("0[0-7]+"))) {
        return super.representScalar(tag, value, ScalarStyle.DOUBLE_QUOTED);
      }
      return super.representScalar(tag, value, style);
    }
  }

  private static Object escaped(Object v) {
    return switch (v) {
      case String s -> s.replace("$", "$$");
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), escaped(x)));
        yield out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>();
        l.forEach(x -> out.add(escaped(x)));
        yield out;
      }
      case null -> null;
      default -> v;
    };
  }
}
