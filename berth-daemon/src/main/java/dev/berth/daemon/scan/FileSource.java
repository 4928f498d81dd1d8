package dev.berth.daemon.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a cataloguer reads: either one layer on its own (what that layer's package list says)
 * or all layers merged as a container would see them. Paths are relative to the image root, with
 * no leading slash. Absent files, whiteouts and paths through symbolic links read as absent.
 */
interface FileSource {
  /** A regular file's host path, or null when the image has none at {@code rel}. */
  Path file(String rel) throws IOException;

  /** The names in a directory (merged across layers where that applies), sorted; empty when absent. */
  List<String> list(String dirRel) throws IOException;
}
