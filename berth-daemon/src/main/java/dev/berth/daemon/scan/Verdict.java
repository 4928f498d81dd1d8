package dev.berth.daemon.scan;

/**
 * What one advisory says about one installed version. {@code status} is what Scout shows beside
 * an affected package: {@code fixed} (a fix exists, in {@code fixedVersion}), {@code not fixed},
 * {@code will not fix}, {@code end of life} or {@code undetermined}. Versions not affected, or at
 * or past the fix, are {@link #NOT_AFFECTED}.
 */
record Verdict(boolean affected, String status, String fixedVersion) {
  static final Verdict NOT_AFFECTED = new Verdict(false, "not affected", "");

  static Verdict fixedIn(String version) {
    return new Verdict(true, "fixed", version);
  }

  static Verdict unfixed(String status) {
    return new Verdict(true, status, "");
  }
}
