package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every attachment berthd has begun on the host, written under its own exec root before the first
 * thing is made ({@code ip netns add}, netavark's veth, rules and DNS names), and removed only once
 * all of it is undone. After a kill -9 this is how berthd knows which namespaces and interfaces in
 * the host's shared {@code /run/netns} are its own, and how to tear them down: each entry keeps the
 * very document netavark was given. Other engines' and other berthds' objects never appear here.
 */
final class AttachmentJournal {
  private static final Logger LOG = LoggerFactory.getLogger(AttachmentJournal.class);

  /** One begun attachment: the namespace, the interface in it, and netavark's setup document. */
  record Entry(Path file, Path netns, String iface, ObjectNode options) {}

  private final Path dir;

  AttachmentJournal(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** Records an attachment about to be made; durable before the caller touches the host. */
  void record(Path netns, String iface, ObjectNode options) throws IOException {
    ObjectNode doc = Json.plain().createObjectNode();
    doc.put("netns", netns.toString());
    doc.put("iface", iface);
    doc.set("options", options);
    AtomicFiles.write(file(netns, iface), Json.plain().writeValueAsBytes(doc));
  }

  /** Forgets an attachment that is fully undone. */
  void forget(Path netns, String iface) {
    try {
      Files.deleteIfExists(file(netns, iface));
    } catch (IOException e) {
      LOG.warn("forgetting attachment {} {}: {}", netns, iface, e.getMessage());
    }
  }

  /** Every recorded attachment; unreadable entries (a torn write cannot happen, but a hand edit can) are dropped. */
  List<Entry> all() throws IOException {
    List<Entry> out = new ArrayList<>();
    try (var s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        try {
          JsonNode doc = Json.plain().readTree(Files.readAllBytes(f));
          out.add(new Entry(f, Path.of(doc.path("netns").asText()), doc.path("iface").asText("eth0"),
              (ObjectNode) doc.get("options")));
        } catch (IOException | RuntimeException e) {
          LOG.warn("dropping unreadable attachment record {}: {}", f, e.getMessage());
          Files.deleteIfExists(f);
        }
      }
    }
    // temp files of a write the crash cut short
    try (var s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.getFileName().toString().startsWith(".")).toList()) {
        Files.deleteIfExists(f);
      }
    }
    return out;
  }

  private Path file(Path netns, String iface) {
    return dir.resolve(netns.getFileName() + "." + iface + ".json");
  }
}
