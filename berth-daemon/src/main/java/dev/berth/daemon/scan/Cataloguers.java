package dev.berth.daemon.scan;

import java.util.List;

/** Every cataloguer an SBOM runs, OS package databases first. */
final class Cataloguers {
  private Cataloguers() {}

  static List<Cataloguer> all() {
    return List.of(new DpkgCataloguer(), new ApkCataloguer(), new RpmCataloguer());
  }

  /** Language packages, found anywhere in the tree. */
  static List<FileCataloguer> files() {
    return List.of(new JavaCataloguer(), new NpmCataloguer(), new PythonCataloguer(), new BinaryCataloguer());
  }
}
