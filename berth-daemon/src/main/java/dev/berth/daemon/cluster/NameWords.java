package dev.berth.daemon.cluster;

import java.security.SecureRandom;

/** A service name for a spec that gave none, in Docker's adjective_surname style. */
final class NameWords {
  private static final String[] LEFT = {"admiring", "brave", "calm", "eager", "focused", "gentle", "happy", "keen",
      "lucid", "nifty", "quirky", "serene", "tender", "vibrant", "wizardly", "zealous"};
  private static final String[] RIGHT = {"babbage", "curie", "darwin", "euler", "fermi", "galileo", "hopper",
      "kepler", "lovelace", "meitner", "noether", "pascal", "ritchie", "turing", "wozniak", "yalow"};
  private static final SecureRandom RANDOM = new SecureRandom();

  private NameWords() {}

  static String random() {
    return LEFT[RANDOM.nextInt(LEFT.length)] + "_" + RIGHT[RANDOM.nextInt(RIGHT.length)];
  }
}
