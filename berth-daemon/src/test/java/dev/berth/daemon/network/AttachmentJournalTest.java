package dev.berth.daemon.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal is how a restarted berthd knows its own attachments: what it records, it reads back. */
class AttachmentJournalTest {
  @TempDir
  Path dir;

  @Test
  void recordsReadBackUntilForgotten() throws Exception {
    AttachmentJournal journal = new AttachmentJournal(dir.resolve("attachments"));
    Path netns = Path.of("/run/netns/berth-0123456789abcdef");
    journal.record(netns, "eth0", Json.plain().createObjectNode().put("container_id", "c1"));
    journal.record(netns, "eth1", Json.plain().createObjectNode().put("container_id", "c1"));

    var entries = new AttachmentJournal(dir.resolve("attachments")).all();
    assertThat(entries).extracting(AttachmentJournal.Entry::iface).containsExactlyInAnyOrder("eth0", "eth1");
    assertThat(entries).allMatch(e -> e.netns().equals(netns) && e.options().path("container_id").asText().equals("c1"));

    journal.forget(netns, "eth1");
    assertThat(journal.all()).extracting(AttachmentJournal.Entry::iface).containsExactly("eth0");
  }

  @Test
  void tornAndUnreadableRecordsAreDropped() throws Exception {
    AttachmentJournal journal = new AttachmentJournal(dir.resolve("attachments"));
    Files.writeString(dir.resolve("attachments").resolve("berth-x.eth0.json"), "{not json");
    Files.writeString(dir.resolve("attachments").resolve(".berth-y.eth0.json.tmp-1-2"), "{}");
    assertThat(journal.all()).isEmpty();
    try (var s = Files.list(dir.resolve("attachments"))) {
      assertThat(s.toList()).isEmpty();
    }
  }
}
