package dev.berth.daemon.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which Linux security modules this host enforces. AppArmor counts when the kernel module says
 * {@code Y} in {@code /sys/module/apparmor/parameters/enabled} (Docker's check); SELinux when
 * selinuxfs is mounted. Read once: modules are not loaded or unloaded under a running daemon.
 */
record LinuxSecurityModules(boolean appArmor, boolean selinux) {
  private static final LinuxSecurityModules HOST = probe(Path.of("/sys"));

  static LinuxSecurityModules host() {
    return HOST;
  }

  static LinuxSecurityModules probe(Path sys) {
    boolean appArmor;
    try {
      appArmor = Files.readString(sys.resolve("module/apparmor/parameters/enabled")).strip().startsWith("Y");
    } catch (IOException e) {
      appArmor = false;
    }
    boolean selinux = Files.exists(sys.resolve("fs/selinux/enforce"));
    return new LinuxSecurityModules(appArmor, selinux);
  }
}
