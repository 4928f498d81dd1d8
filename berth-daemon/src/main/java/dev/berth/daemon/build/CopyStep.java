package dev.berth.daemon.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.archive.ScopedPath;
import dev.berth.daemon.archive.TreeExtractor;
import dev.berth.daemon.archive.TreeTar;
import dev.berth.daemon.build.dockerfile.Heredoc;
import dev.berth.daemon.container.Container;
import dev.berth.daemon.container.ContainerRoot;
import dev.berth.daemon.container.UserResolver;
import dev.berth.daemon.image.ImageRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * COPY and ADD: files from the context (or another stage or image with {@code --from}), inline
 * heredoc files, and for ADD URLs and local archives, into the stage's file system.
 *
 * <p>The step's cache key holds a digest of everything copied (names, types, modes, link
 * targets and bytes), so changing one byte of one file rebuilds from this step on. The files go
 * in as a tar unpacked inside the step's container, so a destination reached through a link in the
 * image stays inside it.
 */
final class CopyStep {
  private final StageRun stage;
  private final List<String> sources;
  private final List<Heredoc> inline;
  private final String destination;
  private final Optional<String> from;
  private final Optional<String> chown;
  private final Optional<String> chmod;
  private final boolean add;
  private final String keyword;

  /** One thing to copy: a path under a root, or bytes with a name. */
  private record Source(Path root, Path path, String name, byte[] bytes, boolean archive, boolean remote) {}

  CopyStep(StageRun stage, List<String> sources, List<Heredoc> inline, String destination, Optional<String> from,
      Optional<String> chown, Optional<String> chmod, boolean add, String keyword) {
    this.stage = stage;
    this.sources = sources;
    this.inline = inline;
    this.destination = destination;
    this.from = from;
    this.chown = chown;
    this.chmod = chmod;
    this.add = add;
    this.keyword = keyword;
  }

  void run() throws IOException, SQLException, InterruptedException {
    String dest = destination;
    if (!dest.startsWith("/")) {
      dest = StageRun.join(stage.state().workdir(), dest);
    }
    String owner = chown.orElse(null);
    Integer mode = chmod.map(CopyStep::parseMode).orElse(null);
    if (from.isPresent()) {
      ImageRecord source = sourceImage(from.get());
      Container holder = stage.builder().containers().create(null, holderRequest(source), false);
      try {
        String finalDest = dest;
        stage.builder().containers().withRoot(holder.id, (c, root) -> {
          try {
            copy(resolveAll(root.rootfs(), false), finalDest, owner, mode);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("build cancelled");
          }
          return null;
        });
      } finally {
        stage.removeQuietly(holder.id);
      }
    } else {
      copy(resolveAll(stage.context().dir(), add), dest, owner, mode);
    }
  }

  private void copy(List<Source> matched, String dest, String owner, Integer mode)
      throws IOException, SQLException, InterruptedException {
    boolean wildcard = sources.stream().anyMatch(CopyStep::hasWildcard);
    boolean destIsDir = dest.endsWith("/") || matched.size() > 1 || wildcard;
    String flags = (owner == null ? "" : "--chown=" + owner + " ") + (mode == null ? ""
        : "--chmod=" + Integer.toOctalString(mode) + " ");
    String key = "/bin/sh -c #(nop) " + keyword + " " + flags + kind(matched) + ":" + digest(matched) + " in " + dest
        + " ";
    if (stage.cached(key)) {
      return;
    }
    Container c = stage.builder().containers().create(null, holderRequest(stage.state().image), false);
    try {
      stage.builder().containers().withRoot(c.id, (ctr, root) -> {
        write(root, matched, dest, destIsDir, owner, mode);
        return null;
      });
      String id = stage.builder().filesystem().commitStep(c.id, stage.state().image, stage.commit(key));
      stage.advance(key, id);
    } finally {
      stage.removeQuietly(c.id);
    }
  }

  private void write(ContainerRoot root, List<Source> matched, String dest, boolean destIsDir, String owner,
      Integer mode) throws IOException {
    int[] ids = {0, 0};
    if (owner != null) {
      ids = chownIds(root.rootfs(), owner);
    }
    Path destHost = root.resolve(dest, true);
    boolean intoDir = destIsDir || Files.isDirectory(destHost) || (matched.size() == 1
        && matched.getFirst().path() != null && Files.isDirectory(matched.getFirst().path(), LinkOption.NOFOLLOW_LINKS));
    if (intoDir) {
      Files.createDirectories(destHost);
    }
    for (Source s : matched) {
      String targetDir;
      String name;
      boolean isDir = s.path() != null && Files.isDirectory(s.path(), LinkOption.NOFOLLOW_LINKS);
      if (isDir || s.archive()) {
        targetDir = dest;
        name = "";
      } else if (intoDir) {
        targetDir = dest;
        name = s.name();
      } else {
        int slash = dest.lastIndexOf('/');
        targetDir = slash <= 0 ? "/" : dest.substring(0, slash);
        name = dest.substring(slash + 1);
      }
      Path tmp = Files.createTempFile(stage.context().dir().getParent(), "copy-", ".tar");
      try {
        try (OutputStream out = Files.newOutputStream(tmp); TreeTar tar = new TreeTar(out)) {
          if (s.bytes() != null) {
            Path f = Files.createTempFile(stage.context().dir().getParent(), "inline-", "");
            try {
              Files.write(f, s.bytes());
              Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(
                  s.remote() ? "rw-------" : "rw-r--r--"));
              tar.entry(f, name);
            } finally {
              Files.deleteIfExists(f);
            }
          } else if (isDir) {
            tar.add(s.path(), "");
          } else if (!s.archive()) {
            tar.entry(s.path(), name);
          }
          tar.finish();
        }
        if (s.archive()) {
          // ADD of a local archive: its entries keep their owners unless --chown says otherwise
          extract(root, targetDir, openArchive(s.path()), ids, owner != null, mode, true);
        } else {
          try (InputStream in = Files.newInputStream(tmp)) {
            extract(root, targetDir, in, ids, true, mode, false);
          }
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Unpacks into {@code dir}; {@code setOwner} gives every entry {@code ids} (root by default), else the archive's. */
  private static void extract(ContainerRoot root, String dir, InputStream tar, int[] ids, boolean setOwner,
      Integer mode, boolean archiveOwners) throws IOException {
    TreeExtractor x = new TreeExtractor(entry -> root.resolve(StageRun.join(dir, entry), false), archiveOwners,
        false);
    if (setOwner) {
      x.owner(ids[0], ids[1]);
    }
    if (mode != null) {
      x.mode(mode);
    }
    try (tar) {
      x.extract(tar);
    }
  }

  // ---- sources

  private List<Source> resolveAll(Path root, boolean unpackArchives) throws IOException, InterruptedException {
    List<Source> out = new ArrayList<>();
    for (String src : sources) {
      {
        if (add && (src.startsWith("http://") || src.startsWith("https://"))) {
          out.add(download(src));
          continue;
        }
        String clean = src.startsWith("/") ? src.substring(1) : src;
        if (!clean.isEmpty() && Path.of(clean).normalize().startsWith("..")) {
          throw new BuildException(keyword + " failed: forbidden path outside the build context: " + src + " ()");
        }
        List<Path> paths = hasWildcard(clean) ? glob(root, clean) : single(root, clean);
        if (paths.isEmpty()) {
          throw new BuildException(keyword + " failed: file not found in build context or excluded by "
              + ".dockerignore: stat " + src + ": file does not exist");
        }
        for (Path p : paths) {
          boolean archive = unpackArchives && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && isArchive(p);
          // the context's own directory has a random name: "." keeps the cache key stable
          String name = p.equals(root) || p.getFileName() == null ? "." : p.getFileName().toString();
          out.add(new Source(root, p, name, null, archive, false));
        }
      }
    }
    for (Heredoc h : inline) {
      String text = h.text();
      out.add(new Source(null, null, h.name(), text.getBytes(StandardCharsets.UTF_8), false, false));
    }
    return out;
  }

  private static List<Path> single(Path root, String clean) throws IOException {
    Path p = clean.isEmpty() || clean.equals(".") ? root : ScopedPath.resolve(root, clean, false);
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? List.of(p) : List.of();
  }

  private static List<Path> glob(Path root, String pattern) throws IOException {
    PathMatcher m = root.getFileSystem().getPathMatcher("glob:" + pattern.replace("{", "\\{").replace("}", "\\}"));
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> !p.equals(root) && m.matches(root.relativize(p))).sorted().toList();
    }
  }

  private static boolean hasWildcard(String s) {
    return s.contains("*") || s.contains("?") || s.contains("[");
  }

  private ImageRecord sourceImage(String ref) throws IOException, SQLException {
    var st = stage.dockerfile().stage(ref);
    if (st.isPresent()) {
      ImageRecord r = stage.built().get(st.get().index());
      if (r == null) {
        throw new BuildException("invalid from flag value " + ref + ": stage " + ref + " is not built before this one");
      }
      return r;
    }
    ImageRecord r = stage.builder().images().find(ref);
    if (r == null) {
      throw new BuildException("invalid from flag value " + ref + ": no such stage or image in the local store");
    }
    return r;
  }

  private static ObjectNode holderRequest(ImageRecord image) {
    ObjectNode req = Json.plain().createObjectNode();
    req.put("Image", image.id());
    req.putArray("Cmd").add("/nonexistent-build-holder");
    req.putArray("Entrypoint");
    req.putObject("HostConfig").put("NetworkMode", "none");
    return req;
  }

  /** ADD of a URL: downloaded, named after the URL's last path segment, mode 0600 as Docker gives it. */
  private Source download(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> r;
    try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
      r = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
    if (r.statusCode() / 100 != 2) {
      throw new BuildException("ADD failed: error downloading " + url + ": HTTP " + r.statusCode());
    }
    String path = URI.create(url).getPath();
    String name = path == null || path.isEmpty() || path.endsWith("/") ? "index.html"
        : path.substring(path.lastIndexOf('/') + 1);
    return new Source(null, null, name, r.body(), false, true);
  }

  private static boolean isArchive(Path p) {
    try (InputStream in = openArchive(p)) {
      return new TarArchiveInputStream(in).getNextEntry() != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static InputStream openArchive(Path p) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    try {
      return new CompressorStreamFactory().createCompressorInputStream(CompressorStreamFactory.detect(in), in);
    } catch (CompressorException plain) {
      return in;
    }
  }

  // ---- the cache key

  private static String kind(List<Source> matched) {
    if (matched.size() != 1) {
      return "multi";
    }
    Source s = matched.getFirst();
    return s.path() != null && Files.isDirectory(s.path(), LinkOption.NOFOLLOW_LINKS) ? "dir" : "file";
  }

  /** A digest of what would be copied: names, types, modes, link targets and contents, in a fixed order. */
  private static String digest(List<Source> matched) throws IOException {
    MessageDigest md = sha256();
    for (Source s : matched) {
      md.update((s.name() + "\0").getBytes(StandardCharsets.UTF_8));
      if (s.bytes() != null) {
        md.update(s.bytes());
        continue;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(s.path())) {
        files = walk.sorted().toList();
      }
      for (Path f : files) {
        Map<String, Object> a = Files.readAttributes(f, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
        md.update((s.path().relativize(f) + "\0" + a.get("mode") + "\0").getBytes(StandardCharsets.UTF_8));
        if (Files.isSymbolicLink(f)) {
          md.update(Files.readSymbolicLink(f).toString().getBytes(StandardCharsets.UTF_8));
        } else if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          md.update(fileDigest(f));
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static byte[] fileDigest(Path f) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(f)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return md.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int parseMode(String s) {
    try {
      return Integer.parseInt(s, 8) & 07777;
    } catch (NumberFormatException e) {
      throw new BuildException("invalid chmod parameter: " + s);
    }
  }

  /** {@code --chown=user[:group]}: names from the image's own files; without a group, the GID is the UID. */
  private static int[] chownIds(Path rootfs, String spec) throws IOException {
    int colon = spec.indexOf(':');
    UserResolver.Ids ids = UserResolver.resolve(rootfs, spec);
    return new int[] {ids.uid(), colon < 0 ? ids.uid() : ids.gid()};
  }
}
