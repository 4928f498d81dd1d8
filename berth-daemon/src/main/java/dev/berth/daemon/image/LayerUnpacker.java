package dev.berth.daemon.image;

import dev.berth.daemon.sys.LibC;
import dev.berth.daemon.sys.RefusedEntry;
import dev.berth.daemon.sys.SafeTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a layer tar into a directory in the form overlayfs reads, through {@link SafeTree}.
 *
 * <p>Every entry is hostile until checked: absolute names and {@code ..} components are refused,
 * an entry is never written through a symbolic link that an earlier entry made (a well-formed
 * layer never needs that), and hard links must point at entries of the layer itself. Whiteouts
 * become what overlayfs expects: {@code .wh.<name>} a 0/0 character device named {@code <name>},
 * {@code .wh..wh..opq} the {@code trusted.overlay.opaque=y} attribute on its directory. Owners,
 * modes (setuid included), times and extended attributes are kept, since images depend on them.
 * The unpacked tree is synced to disk before this returns, so a layer registered after it survives
 * a power loss whole.
 */
public final class LayerUnpacker {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final String XATTR_PREFIX = "SCHILY.xattr.";

  private LayerUnpacker() {}

  /** Unpacks {@code tar} into {@code root} (which exists, usually empty); returns the bytes of content. */
  public static long unpack(InputStream tar, Path root) throws IOException {
    SafeTree.Options options = new SafeTree.Options().describe("layer entry", "layer").durable();
    try (SafeTree tree = SafeTree.open(root, options)) {
      run(new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name()), tree);
      tree.finish();
      return tree.bytes();
    } catch (RefusedEntry e) {
      throw new UnsafeArchiveException(e.getMessage());
    }
  }

  private static void run(TarArchiveInputStream tar, SafeTree tree) throws IOException {
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      String name = e.getName();
      int slash = name.replaceAll("/+$", "").lastIndexOf('/');
      String base = name.replaceAll("/+$", "").substring(slash + 1);
      String dir = slash < 0 ? "" : name.substring(0, slash);
      if (base.equals(OPAQUE)) {
        tree.opaque(name, dir);
        continue;
      }
      if (base.startsWith(WHITEOUT)) {
        String hidden = base.substring(WHITEOUT.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..") || hidden.contains("/")) {
          throw new UnsafeArchiveException("layer entry " + name + ": malformed whiteout");
        }
        tree.whiteout(dir.isEmpty() ? hidden : dir + "/" + hidden);
        continue;
      }
      write(tar, e, tree);
    }
  }

  private static void write(TarArchiveInputStream tar, TarArchiveEntry e, SafeTree tree) throws IOException {
    SafeTree.Meta meta = SafeTree.Meta.of(e.getMode() & 07777, (int) e.getLongUserId(), (int) e.getLongGroupId(),
        e.getLastModifiedTime().toInstant()).withXattrs(xattrs(e));
    String name = e.getName();
    if (e.isDirectory()) {
      tree.directory(name, meta);
    } else if (e.isSymbolicLink()) {
      checkSymlink(e);
      tree.symlink(name, e.getLinkName(), meta);
    } else if (e.isLink()) {
      tree.hardlink(name, e.getLinkName()); // a hard link shares its target's owner, mode and times
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      int type = e.isCharacterDevice() ? LibC.S_IFCHR : e.isBlockDevice() ? LibC.S_IFBLK : LibC.S_IFIFO;
      tree.node(name, type, LibC.makedev(e.getDevMajor(), e.getDevMinor()), meta);
    } else if (e.isFile()) {
      tree.file(name, meta, tar);
    }
    // sockets and other exotic entries: Docker skips them as well
  }

  /**
   * A relative link target must stay inside the layer once resolved from the link's directory.
   * (Absolute targets are resolved inside the container's root, never the host's; and no entry is
   * ever written through a link, whatever its target, so this is for clarity, not safety.)
   */
  private static void checkSymlink(TarArchiveEntry e) throws UnsafeArchiveException {
    String link = e.getLinkName();
    if (link.isEmpty()) {
      throw new UnsafeArchiveException("layer entry " + e.getName() + ": empty symbolic link");
    }
    if (link.startsWith("/")) {
      return;
    }
    int depth = components(e.getName()).size() - 1;
    for (String part : link.split("/")) {
      if (part.equals("..")) {
        depth--;
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
      if (depth < 0) {
        throw new UnsafeArchiveException("layer entry " + e.getName() + ": symbolic link to \"" + link
            + "\" points outside the layer");
      }
    }
  }

  private static Map<String, byte[]> xattrs(TarArchiveEntry e) {
    Map<String, String> pax = e.getExtraPaxHeaders();
    if (pax.isEmpty()) {
      return Map.of();
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : pax.entrySet()) {
      if (h.getKey().startsWith(XATTR_PREFIX)) {
        String name = h.getKey().substring(XATTR_PREFIX.length());
        if (name.startsWith("security.") || name.startsWith("user.") || name.startsWith("trusted.")) {
          out.put(name, h.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
      }
    }
    return out;
  }

  /** Splits an entry name; refuses absolute names and {@code ..}. */
  static List<String> components(String name) throws UnsafeArchiveException {
    if (name.startsWith("/")) {
      throw new UnsafeArchiveException("layer entry " + name + ": absolute paths are not allowed");
    }
    List<String> out = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new UnsafeArchiveException("layer entry " + name + ": \"..\" would leave the layer");
      }
      out.add(part);
    }
    return out;
  }
}
