package dev.berth.daemon.container;

import java.security.SecureRandom;
import java.util.List;

/**
 * Friendly random names for containers created without {@code --name}, in Docker's
 * adjective_surname shape, honouring people who shaped computing and shipping.
 */
final class NameGenerator {
  private static final List<String> ADJECTIVES = List.of("agile", "amber", "bold", "brave", "bright", "calm",
      "candid", "clever", "cosmic", "crisp", "daring", "eager", "earnest", "epic", "fair", "fearless", "fond",
      "gentle", "glad", "golden", "happy", "hardy", "honest", "humble", "jolly", "keen", "kind", "lively", "loyal",
      "lucid", "merry", "mighty", "modest", "nimble", "noble", "patient", "placid", "plucky", "proud", "quick",
      "quiet", "rapid", "ready", "serene", "sharp", "shiny", "silent", "sincere", "snappy", "solid", "steady",
      "stoic", "sunny", "swift", "tender", "tidy", "trusty", "upbeat", "vivid", "warm", "witty", "zealous");
  private static final List<String> NAMES = List.of("allen", "babbage", "backus", "bartik", "berners", "boole",
      "borg", "cerf", "clarke", "codd", "conway", "corbato", "dijkstra", "easley", "engelbart", "feigenbaum",
      "floyd", "goldberg", "gosling", "hamilton", "hopper", "kahn", "karp", "kay", "knuth", "lamport", "lovelace",
      "liskov", "mclean", "mccarthy", "minsky", "moore", "naur", "noyce", "perlman", "pike", "ritchie", "shannon",
      "sammet", "stroustrup", "sutherland", "tanenbaum", "thompson", "torvalds", "turing", "wilkes", "wirth",
      "wozniak", "yao", "zuse");
  private static final SecureRandom RANDOM = new SecureRandom();

  private NameGenerator() {}

  /** A new name; after a few collisions the caller asks again with {@code retry > 0} for a digit suffix. */
  static String next(int retry) {
    String name = ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + NAMES.get(RANDOM.nextInt(NAMES.size()));
    return retry > 0 ? name + RANDOM.nextInt(10) : name;
  }
}
