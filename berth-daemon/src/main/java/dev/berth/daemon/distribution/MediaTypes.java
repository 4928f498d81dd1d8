package dev.berth.daemon.distribution;

import java.util.Set;

/** The manifest and layer media types of Docker's schema 2 and of OCI, and what pulls accept. */
final class MediaTypes {
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  static final String OCI_FOREIGN_PREFIX = "application/vnd.oci.image.layer.nondistributable.";
  static final String SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  static final String SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** Sent on every manifest request: a registry picks the best of these it has. */
  static final String ACCEPT = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

  static final Set<String> INDEXES = Set.of(DOCKER_LIST, OCI_INDEX);
  static final Set<String> MANIFESTS = Set.of(DOCKER_MANIFEST, OCI_MANIFEST);

  /** Layer types Berth can unpack: tar, gzip and zstd, in Docker's and OCI's spellings. */
  static boolean unpackable(String mediaType) {
    return mediaType == null || mediaType.isEmpty() || mediaType.equals(DOCKER_LAYER_GZIP)
        || mediaType.equals("application/vnd.docker.image.rootfs.diff.tar")
        || mediaType.equals("application/vnd.oci.image.layer.v1.tar")
        || mediaType.equals("application/vnd.oci.image.layer.v1.tar+gzip")
        || mediaType.equals("application/vnd.oci.image.layer.v1.tar+zstd");
  }

  static boolean foreign(String mediaType) {
    return mediaType != null && (mediaType.equals(DOCKER_FOREIGN_LAYER) || mediaType.startsWith(OCI_FOREIGN_PREFIX));
  }

  private MediaTypes() {}
}
