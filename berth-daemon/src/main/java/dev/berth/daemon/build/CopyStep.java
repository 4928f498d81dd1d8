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
import dev.berth.daemon.image.LayerStore;
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

  /**
   * One thing to copy: a path on disk (another stage's or image's file), an entry of the build
   * context (its files are only unpacked when the step actually runs), or bytes with a name.
   */
  private record Source(Path path, String name, byte[] bytes, boolean archive, boolean remote, String contextName,
      boolean directory) {}

  /** Files ADD downloaded for this step, deleted when it is done. */
  private final List<Path> downloads = new ArrayList<>();

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
            copy(resolveOnDisk(root.rootfs()), finalDest, owner, mode);
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
      try {
        copy(resolveContext(stage.context()), dest, owner, mode);
      } finally {
        deleteDownloads();
      }
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
    boolean intoDir = destIsDir || Files.isDirectory(destHost) || (matched.size() == 1 && matched.getFirst().directory());
    if (intoDir) {
      Files.createDirectories(destHost);
    }
    for (Source listed : matched) {
      Source s = onDisk(listed);
      String targetDir;
      String name;
      boolean isDir = s.directory();
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
      Path tmp = Files.createTempFile(stage.context().workDir(), "copy-", ".tar");
      try {
        try (OutputStream out = Files.newOutputStream(tmp); TreeTar tar = new TreeTar(out)) {
          if (s.bytes() != null) {
            Path f = Files.createTempFile(stage.context().workDir(), "inline-", "");
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
    TreeExtractor x = new TreeExtractor(root.view(), root.treeOptions(), dir, archiveOwners);
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

  /** Sources from another stage or image: paths in its mounted file system. */
  private List<Source> resolveOnDisk(Path root) throws IOException {
    List<Source> out = new ArrayList<>();
    for (String src : sources) {
      String clean = src.startsWith("/") ? src.substring(1) : src;
      List<Path> paths = hasWildcard(clean) ? glob(root, clean) : single(root, clean);
      if (paths.isEmpty()) {
        throw notFound(src);
      }
      for (Path p : paths) {
        out.add(new Source(p, p.equals(root) || p.getFileName() == null ? "." : p.getFileName().toString(), null,
            false, false, null, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)));
      }
    }
    addInline(out);
    return out;
  }

  /** Sources from the build context, matched against its index; nothing is unpacked yet. */
  private List<Source> resolveContext(BuildContext ctx) throws IOException, InterruptedException {
    List<Source> out = new ArrayList<>();
    for (String src : sources) {
      if (add && (src.startsWith("http://") || src.startsWith("https://"))) {
        out.add(download(src));
        continue;
      }
      String clean = dev.berth.api.build.ContextPath.relative(src);
      if (clean.equals("..") || clean.startsWith("../")) {
        throw new BuildException(keyword + " failed: forbidden path outside the build context: " + src + " ()");
      }
      if (clean.equals(".")) {
        out.add(new Source(null, ".", null, false, false, ".", true));
        continue;
      }
      List<BuildContext.Entry> hits = new ArrayList<>();
      if (hasWildcard(clean)) {
        PathMatcher m = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + clean.replace("{", "\\{")
            .replace("}", "\\}"));
        for (BuildContext.Entry e : ctx.entries()) {
          if (m.matches(Path.of(e.name()))) {
            hits.add(e);
          }
        }
        hits.sort(java.util.Comparator.comparing(BuildContext.Entry::name));
      } else if (ctx.entry(clean) != null) {
        hits.add(ctx.entry(clean));
      } else if (throughLink(ctx, clean)) {
        // a source reached through a link inside the context: resolve it on the unpacked files
        Path root = ctx.directory();
        Path p = ScopedPath.resolve(root, clean, false);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(new Source(p, p.getFileName().toString(), null, add && isArchive(p), false, null,
              Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)));
          continue;
        }
      }
      if (hits.isEmpty()) {
        throw notFound(src);
      }
      for (BuildContext.Entry e : hits) {
        String base = e.name().substring(e.name().lastIndexOf('/') + 1);
        boolean archive = add && (e.type() == BuildContext.Type.FILE || e.type() == BuildContext.Type.HARDLINK)
            && isArchive(ctx, e);
        out.add(new Source(null, base, null, archive, false, e.name(), e.type() == BuildContext.Type.DIR));
      }
    }
    addInline(out);
    return out;
  }

  private void addInline(List<Source> out) {
    for (Heredoc h : inline) {
      out.add(new Source(null, h.name(), h.text().getBytes(StandardCharsets.UTF_8), false, false, null, false));
    }
  }

  private BuildException notFound(String src) {
    return new BuildException(keyword + " failed: file not found in build context or excluded by "
        + ".dockerignore: stat " + src + ": file does not exist");
  }

  /** Whether some leading part of {@code name} is a symbolic link in the context. */
  private static boolean throughLink(BuildContext ctx, String name) {
    int slash = name.indexOf('/');
    while (slash > 0) {
      BuildContext.Entry e = ctx.entry(name.substring(0, slash));
      if (e != null && e.type() == BuildContext.Type.SYMLINK) {
        return true;
      }
      slash = name.indexOf('/', slash + 1);
    }
    return false;
  }

  /** A context source gets its path once the step runs and the context is unpacked. */
  private Source onDisk(Source s) throws IOException {
    if (s.contextName() == null) {
      return s;
    }
    Path dir = stage.context().directory();
    Path p = s.contextName().equals(".") ? dir : dir.resolve(s.contextName());
    return new Source(p, s.name(), null, s.archive(), false, null, s.directory());
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
    req.putObject("Labels").put(dev.berth.daemon.container.Container.BUILD_STEP_LABEL, "");
    req.putObject("HostConfig").put("NetworkMode", "none");
    return req;
  }

  /**
   * ADD of a URL: streamed to a file in the build's work directory (never held in the heap, so a
   * download of any size works with the daemon's small heap), named after the URL's last path
   * segment, mode 0600 as Docker gives it. The file goes when the step is done.
   */
  private Source download(String url) throws IOException, InterruptedException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new BuildException("ADD failed: invalid URL " + url);
    }
    Path file = Files.createTempFile(stage.context().workDir(), "download-", "",
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    downloads.add(file);
    HttpResponse<Path> r;
    try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(java.time.Duration.ofSeconds(30)).build()) {
      r = client.send(HttpRequest.newBuilder(uri).build(), info -> info.statusCode() / 100 == 2
          ? HttpResponse.BodySubscribers.ofFile(file, java.nio.file.StandardOpenOption.WRITE,
              java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)
          : HttpResponse.BodySubscribers.replacing(file));
    } catch (java.net.ConnectException e) {
      throw new BuildException("ADD failed: error downloading " + url + ": connection refused");
    }
    if (r.statusCode() / 100 != 2) {
      throw new BuildException("ADD failed: error downloading " + url + ": HTTP " + r.statusCode());
    }
    String path = uri.getPath();
    String name = path == null || path.isEmpty() || path.endsWith("/") ? "index.html"
        : path.substring(path.lastIndexOf('/') + 1);
    return new Source(file, name, null, false, true, null, false);
  }

  /** Removes what the step downloaded. */
  private void deleteDownloads() {
    for (Path p : downloads) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // the build's work directory goes with the build
      }
    }
    downloads.clear();
  }

  private static boolean isArchive(BuildContext ctx, BuildContext.Entry e) {
    try {
      return isTar(ctx.open(e));
    } catch (IOException ex) {
      return false;
    }
  }

  private static boolean isArchive(Path p) {
    try {
      return isTar(Files.newInputStream(p));
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code raw} is a tar, plain or compressed: ADD unpacks such local files. Closes it. */
  private static boolean isTar(InputStream raw) {
    try (raw; InputStream in = LayerStore.decompressed(raw)) {
      return new TarArchiveInputStream(in).getNextEntry() != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static InputStream openArchive(Path p) throws IOException {
    return LayerStore.decompressed(Files.newInputStream(p));
  }

  // ---- the cache key

  private static String kind(List<Source> matched) {
    if (matched.size() != 1) {
      return "multi";
    }
    return matched.getFirst().directory() ? "dir" : "file";
  }

  /**
   * A digest of what would be copied: names, types, modes, link targets and contents, in a fixed
   * order. Context sources are digested from the context's index, without reading their files.
   */
  private String digest(List<Source> matched) throws IOException {
    MessageDigest md = sha256();
    for (Source s : matched) {
      md.update((s.name() + "\0").getBytes(StandardCharsets.UTF_8));
      if (s.bytes() != null) {
        md.update(s.bytes());
      } else if (s.contextName() != null) {
        String prefix = s.contextName().equals(".") ? "" : s.contextName() + "/";
        List<BuildContext.Entry> under = new ArrayList<>();
        for (BuildContext.Entry e : stage.context().entries()) {
          if (e.name().equals(s.contextName()) || e.name().startsWith(prefix)) {
            under.add(e);
          }
        }
        under.sort(java.util.Comparator.comparing(BuildContext.Entry::name));
        for (BuildContext.Entry e : under) {
          md.update((e.name() + "\0" + e.type() + "\0" + e.mode() + "\0" + (e.link() == null ? "" : e.link()) + "\0")
              .getBytes(StandardCharsets.UTF_8));
          if (e.sha256() != null) {
            md.update(e.sha256());
          }
        }
      } else {
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
