package dev.berth.cli.command.image;

import dev.berth.cli.client.Query;

/** Image API paths. */
final class Images {
  private Images() {}

  static String path(String ref) {
    return "/images/" + Query.segment(ref);
  }

  /** Splits {@code repo[:tag]} (a colon before the last slash is a registry port) into repo and tag. */
  static String[] repoTag(String ref) {
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > slash) {
      return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
    }
    return new String[] {ref, null};
  }
}
