package dev.berth.daemon.server;

/**
 * Berth's engine version as clients see it. It is shaped like Docker's ({@code 28.x.y}) on purpose:
 * Testcontainers and others compare the server version against Docker releases.
 */
public final class Versions {
  /** The Docker release whose API Berth implements; what {@code /version} reports as Version. */
  public static final String ENGINE = "28.3.0";
  /** Berth's own version, reported as a component. */
  public static final String BERTH = "0.1.0";

  private Versions() {}
}
