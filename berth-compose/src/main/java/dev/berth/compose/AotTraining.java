package dev.berth.compose;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code make build} runs once to fill compose's AOT cache: a project of its own loaded,
 * printed by {@code config}, and {@code up}/{@code ps} tried against a socket that does not exist,
 * so the loader, the YAML library, the model and the API client's classes are all in the cache.
 */
final class AotTraining {
  private AotTraining() {}

  private static final String SAMPLE = """
      name: training
      x-common: &common
        environment:
          A: "1"
          B: ${B:-two}
      services:
        web:
          <<: *common
          image: busybox
          command: sh -c 'echo hi'
          ports: ["127.0.0.1:8080:80", "9000-9001:9000-9001/udp"]
          volumes: [data:/data, ./here:/here:ro, /anon]
          networks:
            front:
              aliases: [www]
            back: {}
          depends_on:
            db:
              condition: service_healthy
          healthcheck:
            test: ["CMD", "true"]
            interval: 1s
          labels: [a=b]
        db:
          image: busybox
          restart: unless-stopped
          networks: [back]
          deploy:
            resources:
              limits: {memory: 64m, cpus: "0.5"}
      networks:
        front: {}
        back: {}
      volumes:
        data: {}
      """;

  static int run(PrintStream out, PrintStream err) {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    try {
      Path dir = Files.createTempDirectory("berth-compose-aot");
      try {
        Files.writeString(dir.resolve("compose.yaml"), SAMPLE);
        Files.writeString(dir.resolve(".env"), "B=from-dotenv\nexport C='x'\n");
        Map<String, String> env = Map.of("BERTH_HOST", "unix:///nonexistent/berth.sock");
        for (List<String> argv : List.of(List.of("config"), List.of("config", "--services"), List.of("up", "-d"),
            List.of("ps"), List.of("down"), List.of("version"), List.of("logs", "web"))) {
          Main.run(argv, sink, sink, env, dir, false, false);
        }
      } finally {
        Files.deleteIfExists(dir.resolve("compose.yaml"));
        Files.deleteIfExists(dir.resolve(".env"));
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      err.println(e.getMessage());
      return 1;
    }
    return 0;
  }
}
