package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Go clients send {@code "Labels": null} for an empty map: a field that must be an object is made one. */
final class JsonObjects {
  private JsonObjects() {}

  static ObjectNode object(ObjectNode parent, String field) {
    if (parent.path(field).isObject()) {
      return (ObjectNode) parent.path(field);
    }
    return parent.putObject(field);
  }
}
