package dev.berth.api;

/** The stream a multiplexed frame belongs to; its ordinal is the byte on the wire. */
public enum StreamType {
  STDIN, STDOUT, STDERR, SYSTEM;

  public byte code() {
    return (byte) ordinal();
  }

  public static StreamType of(int code) {
    if (code < 0 || code > 3) {
      throw new IllegalArgumentException("unknown stream " + code);
    }
    return values()[code];
  }
}
