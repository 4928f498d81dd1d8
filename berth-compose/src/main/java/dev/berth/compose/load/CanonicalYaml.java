package dev.berth.compose.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

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
    return new Dump(settings).dumpToString(escaped(model));
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
