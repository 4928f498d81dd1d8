package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the test classes that share one berthd with busybox:latest imported. Classes run one
 * after another, each with a daemon of its own that is removed with everything it made.
 */
abstract class SharedDaemonTest {
  static BerthDaemon daemon;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = BerthDaemon.start();
    daemon.importBusybox();
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
      daemon = null;
    }
  }

  /** The command's trimmed output, after checking that it succeeded. */
  static String ok(Command.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.stdout().strip();
  }
}
