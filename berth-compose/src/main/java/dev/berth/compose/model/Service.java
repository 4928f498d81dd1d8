package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One service of the canonical model, with typed reads of the keys the engine needs. */
public record Service(String name, Map<String, Object> spec) {
  public String string(String key) {
    Object v = spec.get(key);
    return v == null ? null : String.valueOf(v);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> map(String key) {
    Object v = spec.get(key);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(String key) {
    Object v = spec.get(key);
    return v instanceof List<?> l ? (List<Object>) l : List.of();
  }

  public List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (Object o : list(key)) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  public String image() {
    return string("image");
  }

  /** Service names this one depends on, in name order. */
  public List<String> dependencies() {
    return new ArrayList<>(map("depends_on").keySet());
  }

  /** The network keys this service is on, in name order. */
  public List<String> networks() {
    return new ArrayList<>(map("networks").keySet());
  }

  /** {@code scale}, else {@code deploy.replicas}, else 1. */
  public int scale() {
    Object s = spec.get("scale");
    if (s instanceof Number n) {
      return n.intValue();
    }
    Object r = map("deploy").get("replicas");
    return r instanceof Number n ? n.intValue() : 1;
  }

  public List<String> profiles() {
    return strings("profiles");
  }
}
