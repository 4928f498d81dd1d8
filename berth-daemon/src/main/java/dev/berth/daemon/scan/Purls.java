package dev.berth.daemon.scan;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.TreeMap;

/**
 * Package URLs (purl-spec) for found packages, through packageurl-java so that names and
 * qualifiers are escaped as the spec says: {@code pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12},
 * {@code pkg:maven/org.yaml/snakeyaml@1.33}, {@code pkg:npm/%40scope/name@1.0.0}.
 */
final class Purls {
  private Purls() {}

  static String of(FoundPackage p, Distro distro) {
    try {
      String namespace = null;
      String name = p.name();
      TreeMap<String, String> q = new TreeMap<>();
      switch (p.type()) {
        case "deb", "apk", "rpm" -> {
          namespace = distro.id().isEmpty() ? null : distro.id();
          if (!p.arch().isEmpty()) {
            q.put("arch", p.arch());
          }
          if (distro.known()) {
            q.put("distro", distro.purlQualifier());
          }
          if (!p.sourceName().equals(p.name())) {
            q.put(p.type().equals("apk") ? "origin" : "upstream", p.sourceName());
          }
        }
        case "maven", "golang", "npm" -> {
          int slash = p.type().equals("maven") ? name.indexOf(':') : name.lastIndexOf('/');
          if (slash > 0) {
            namespace = name.substring(0, slash);
            name = name.substring(slash + 1);
          }
        }
        default -> { }
      }
      return new PackageURL(p.type(), namespace, name, p.version(), q.isEmpty() ? null : q, null).canonicalize();
    } catch (MalformedPackageURLException e) {
      return "";
    }
  }
}
