package dev.berth.daemon.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A cataloguer of language packages, which sit anywhere in the tree (a jar, a package.json, a Go
 * binary) rather than in one database: it is offered every regular file of every layer and reads
 * those it wants. Damage is a warning, never a failure.
 */
interface FileCataloguer {
  /** Whether this file (by its path in the image and whether it is executable) is one to read. */
  boolean wants(String rel, boolean executable);

  List<FoundPackage> read(String rel, Path file, List<String> warnings) throws IOException;
}
