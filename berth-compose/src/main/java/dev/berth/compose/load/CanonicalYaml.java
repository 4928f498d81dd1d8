package dev.berth.compose.load;

import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The canonical model as YAML, laid out as compose v2 prints it: block style, two-space indent,
 * list items indented under their key, no line folding.
 */
public final class CanonicalYaml {
  private CanonicalYaml() {}

  public static String write(Map<String, Object> model) {
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2).setIndicatorIndent(2)
        .setIndentWithIndicator(true).setWidth(Integer.MAX_VALUE).setSplitLines(false).build();
    return new Dump(settings).dumpToString(model);
  }
}
