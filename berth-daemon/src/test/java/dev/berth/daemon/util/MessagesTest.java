package dev.berth.daemon.util;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.image.UnsafeArchiveException;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void hostileNamesPrintOnOneLine() {
    assertThat(Messages.oneLine("plain\tname")).isEqualTo("plain\tname");
    assertThat(Messages.oneLine("a\nb\r\u001b[2J\u007f")).isEqualTo("a\\nb\\r\\x1b[2J\\x7f");
    assertThat(new UnsafeArchiveException("refusing tar entry \"../x\ny\"").getMessage())
        .isEqualTo("refusing tar entry \"../x\\ny\"");
  }
}
