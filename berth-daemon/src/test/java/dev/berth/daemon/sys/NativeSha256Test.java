package dev.berth.daemon.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NativeSha256Test {
  @Test
  void agreesWithTheJdkOnChunkedInputAndResetsAfterADigest() throws Exception {
    MessageDigest fast = NativeSha256.create();
    assertThat(fast).as("libcrypto.so.3 loads on this host").isNotNull();
    byte[] data = new byte[1 << 20];
    new Random(7).nextBytes(data);
    MessageDigest jdk = MessageDigest.getInstance("SHA-256");
    int off = 0;
    Random sizes = new Random(3);
    while (off < data.length) {
      int n = Math.min(data.length - off, sizes.nextInt(70_000));
      fast.update(data, off, n);
      off += n;
    }
    fast.update((byte) 42);
    jdk.update(data);
    jdk.update((byte) 42);
    MessageDigest half = (MessageDigest) fast.clone();
    assertThat(fast.digest()).isEqualTo(jdk.digest());
    assertThat(half.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(
        java.util.Arrays.copyOf(append(data), data.length + 1)));
    assertThat(fast.digest("abc".getBytes())).isEqualTo(MessageDigest.getInstance("SHA-256").digest("abc".getBytes()));
    assertThat(fast.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest());
  }

  private static byte[] append(byte[] data) {
    byte[] out = java.util.Arrays.copyOf(data, data.length + 1);
    out[data.length] = 42;
    return out;
  }
}
