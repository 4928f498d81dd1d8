package dev.berth.daemon.distribution;

import dev.berth.daemon.image.ImageReference;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a reference's top manifest (or index) on its registry's pull endpoints: for Docker Hub
 * the mirrors first, the Hub itself last, as dockerd does. Any failure on one endpoint moves on to
 * the next. When the last one cannot be reached but an earlier one answered that the repository
 * or tag does not exist, that definite answer is the one reported (a 404, not a network error).
 */
final class ManifestLookup {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestLookup.class);

  /** The client that found the manifest, and the manifest. */
  record Found(RegistryClient client, RegistryClient.Manifest manifest) {}

  private ManifestLookup() {}

  /** Throws the last endpoint's failure, or the earlier definite one when the last was only unreachable. */
  static Found top(Registries registries, ImageReference ref, RegistryCredentials creds, String what)
      throws IOException {
    String reference = ref.isDigest() ? ref.digest() : ref.tag();
    List<Registries.Endpoint> endpoints = registries.pullEndpoints(ref.domain());
    RegistryException definite = null;
    for (int i = 0; ; i++) {
      RegistryClient candidate = new RegistryClient(endpoints.get(i), ref.remotePath(), creds, "pull");
      try {
        return new Found(candidate, candidate.manifest(reference));
      } catch (IOException e) {
        if (e instanceof RegistryException re && (re.notFound() || re.unauthorized() || re.denied())) {
          definite = re;
        }
        if (i == endpoints.size() - 1) {
          IOException last = e instanceof RegistryException || definite == null ? e : definite;
          throw last instanceof RegistryException re ? notFoundOrDenied(ref, re) : last;
        }
        LOG.info("{} of {} through the mirror {} failed, trying the next endpoint: {}", what, ref,
            endpoints.get(i).base(), e.getMessage());
      }
    }
  }

  /** Docker's words for a repository or tag that is not there, or not there for these credentials. */
  static IOException notFoundOrDenied(ImageReference ref, RegistryException e) {
    if (e.notFound()) {
      return new RegistryException(404, e.code(), "manifest for " + ref + " not found: " + e.getMessage());
    }
    if (e.unauthorized() || e.denied()) {
      return new RegistryException(e.status(), e.code(), "pull access denied for " + ref.repository()
          + ", repository does not exist or may require 'docker login': " + e.getMessage());
    }
    return e;
  }
}
