package dev.berth.daemon.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.store.MetadataStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A private image store on disk for a test, and the image documents tests build. */
final class TestImages implements AutoCloseable {
  final Path dir;
  final Path root;
  final MetadataStore db;
  final ImageService images;
  private final boolean ownsDir;

  TestImages() throws Exception {
    this(Files.createTempDirectory("berth-image-test-"), null, true);
  }

  /** A store whose data root is {@code root} (maybe a small tmpfs) and whose database lives in {@code dir}; the caller removes both. */
  TestImages(Path dir, Path root) throws Exception {
    this(dir, root, false);
  }

  private TestImages(Path dir, Path root, boolean ownsDir) throws Exception {
    this.ownsDir = ownsDir;
    this.dir = dir;
    this.root = root == null ? dir.resolve("root") : root;
    this.db = new MetadataStore(dir.resolve("meta.db"));
    this.images = new ImageService(this.root, db);
  }

  /** Loads an archive; returns the messages as one string (errors included). */
  String load(byte[] archive, boolean quiet) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonMessages messages = new JsonMessages(() -> out);
    try {
      new ImageArchiveLoader(images).load(new ByteArrayInputStream(archive), messages, quiet);
    } catch (Exception e) {
      messages.error(ImageArchiveLoader.describe(e));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  byte[] save(List<String> names) throws Exception {
    ImageArchiveWriter writer = new ImageArchiveWriter(images);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(writer.resolve(names), out);
    return out.toByteArray();
  }

  /** Every file and directory under the data root except the database, as relative paths: a snapshot to compare. */
  List<String> storeFiles() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  int layerRows() throws Exception {
    return db.strings("SELECT chain_id FROM layers").size();
  }

  /** An image config for the given diffIDs, with a label and a history entry per layer. */
  static byte[] config(List<String> diffIds, String created) {
    ObjectNode c = Json.plain().createObjectNode();
    c.put("architecture", ImageService.hostArchitecture());
    c.put("os", "linux");
    c.put("created", created);
    ObjectNode cfg = c.putObject("config");
    cfg.putArray("Cmd").add("sh");
    cfg.putArray("Env").add("PATH=/usr/bin:/bin");
    cfg.putObject("Labels").put("test", "yes");
    ObjectNode rootfs = c.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    diffIds.forEach(ids::add);
    ArrayNode history = c.putArray("history");
    for (int i = 0; i < diffIds.size(); i++) {
      history.addObject().put("created", created).put("created_by", "/bin/sh -c #(nop) ADD layer " + i);
    }
    history.addObject().put("created", created).put("created_by", "/bin/sh -c #(nop)  CMD [\"sh\"]")
        .put("empty_layer", true);
    return bytes(c);
  }

  static byte[] bytes(Object json) {
    try {
      return Json.plain().writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OutputStream discard() {
    return OutputStream.nullOutputStream();
  }

  @Override
  public void close() throws Exception {
    db.close();
    if (ownsDir) {
      AtomicFiles.deleteTree(dir);
    }
  }
}
