package dev.berth.daemon.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Go's encoding/json matches a document's keys to struct fields without regard to case, and
 * clients lean on it: docker-py sends {@code detachKeys} where the swagger says
 * {@code DetachKeys}. This renames such keys, at the top level of a request, to the spelling Berth
 * reads, so a field is never silently dropped for its case.
 */
public final class GoJsonFields {
  private GoJsonFields() {}

  /** Renames every key of {@code node} that equals one of {@code names} but for case; returns the node. */
  public static ObjectNode canonical(ObjectNode node, String... names) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      for (String name : names) {
        if (!key.equals(name) && key.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          JsonNode value = node.remove(key);
          if (!node.has(name)) {
            node.set(name, value);
          }
        }
      }
    }
    return node;
  }
}
