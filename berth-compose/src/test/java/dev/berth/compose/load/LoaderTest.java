package dev.berth.compose.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.compose.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loader on real files in a temporary directory: discovery, env, names, overrides, extends, include, profiles. */
class LoaderTest {
  private Path dir;
  private final Map<String, String> env = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("loader").resolve("My.Project_1");
    Files.createDirectories(dir);
    env.put("XDG_CACHE_HOME", dir.getParent().resolve("cache").toString());
  }

  @AfterEach
  void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir.getParent())) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private void write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private Project load(String... files) {
    return load(List.of(files), null, List.of());
  }

  private Project load(List<String> files, String name, List<String> profiles) {
    return new ProjectLoader(warnings::add).load(new LoadOptions(files, name, null, List.of(), profiles, dir, env, List.of()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> svc(Project p, String name) {
    return (Map<String, Object>) p.section("services").get(name);
  }

  @Test
  void filesAreFoundInComposeV2sOrderWithTheirOverride() throws IOException {
    write("docker-compose.yml", "services:\n  old:\n    image: a\n");
    write("compose.yaml", "services:\n  web:\n    image: a\n");
    write("compose.override.yaml", "services:\n  web:\n    image: b\n");
    Project p = load();
    assertThat(p.configFiles()).containsExactly(dir.resolve("compose.yaml"), dir.resolve("compose.override.yaml"));
    assertThat(svc(p, "web").get("image")).isEqualTo("b");
    assertThat(p.section("services")).doesNotContainKey("old");
  }

  @Test
  void theProjectNameComesFromFlagEnvNameOrDirectory() throws IOException {
    write("compose.yaml", "services:\n  web:\n    image: a\n");
    assertThat(load().name()).isEqualTo("myproject_1");
    write("compose.yaml", "name: named\nservices:\n  web:\n    image: a\n");
    assertThat(load().name()).isEqualTo("named");
    env.put("COMPOSE_PROJECT_NAME", "fromenv");
    assertThat(load().name()).isEqualTo("fromenv");
    assertThat(load(List.of(), "flag", List.of()).name()).isEqualTo("flag");
    assertThatThrownBy(() -> load(List.of(), "Bad Name", List.of())).hasMessageStartingWith("invalid project name \"Bad Name\"");
  }

  @Test
  void dotEnvFeedsInterpolationAndTheProcessEnvironmentWins() throws IOException {
    write(".env", "# comment\nTAG=1.0\nexport NAME='lit $x'\nBOTH=file\nQUOTED=\"a\\nb\"\nREF=${TAG}-x\n");
    write("compose.yaml", "services:\n  web:\n    image: busybox:${TAG}\n    environment:\n      N: ${NAME}\n      B: ${BOTH}\n"
        + "      Q: ${QUOTED}\n      R: ${REF}\n");
    env.put("BOTH", "process");
    Map<String, Object> web = svc(load(), "web");
    assertThat(web.get("image")).isEqualTo("busybox:1.0");
    assertThat(web.get("environment")).isEqualTo(Map.of("N", "lit $x", "B", "process", "Q", "a\nb", "R", "1.0-x"));
  }

  @Test
  void composeFileVariableListsFiles() throws IOException {
    write("a.yml", "services:\n  web:\n    image: a\n    environment: [X=1]\n");
    write("b.yml", "services:\n  web:\n    environment:\n      Y: 2\n");
    env.put("COMPOSE_FILE", "a.yml:b.yml");
    assertThat(svc(load(), "web").get("environment")).isEqualTo(Map.of("X", "1", "Y", "2"));
  }

  @Test
  void overridesMergeByComposeRules() throws IOException {
    write("compose.yaml", """
        services:
          web:
            image: a
            command: [one, two]
            environment: [A=1, B=2]
            labels: {x: "1"}
            ports: ["8080:80"]
            volumes: ["./a:/data", "v:/keep"]
            dns: [1.1.1.1]
            networks: [front]
        networks: {front: {}, back: {}}
        volumes: {v: {}}
        """);
    write("over.yaml", """
        services:
          web:
            command: three
            environment: {B: "3", C: "4"}
            labels: [y=2]
            ports: ["9090:90"]
            volumes: ["./b:/data"]
            dns: [8.8.8.8]
            networks:
              back:
                aliases: [w]
        """);
    Map<String, Object> web = svc(load("compose.yaml", "over.yaml"), "web");
    assertThat(web.get("command")).isEqualTo(List.of("three"));
    assertThat(web.get("environment")).isEqualTo(Map.of("A", "1", "B", "3", "C", "4"));
    assertThat(web.get("labels")).isEqualTo(Map.of("x", "1", "y", "2"));
    assertThat((List<?>) web.get("ports")).hasSize(2);
    assertThat(web.get("volumes").toString()).contains(dir.resolve("b").toString()).doesNotContain(dir.resolve("a") + ",")
        .contains("/keep");
    assertThat(web.get("dns")).isEqualTo(List.of("1.1.1.1", "8.8.8.8"));
    assertThat(new ArrayList<Object>(((Map<?, ?>) web.get("networks")).keySet())).containsExactly("back", "front");
  }

  @Test
  void resetAndOverrideTags() throws IOException {
    write("compose.yaml", "services:\n  web:\n    image: a\n    ports: [\"80:80\"]\n    environment: {A: \"1\", B: \"2\"}\n");
    write("over.yaml", "services:\n  web:\n    ports: !reset []\n    environment: !override {C: \"3\"}\n");
    Map<String, Object> web = svc(load("compose.yaml", "over.yaml"), "web");
    assertThat(web).doesNotContainKey("ports");
    assertThat(web.get("environment")).isEqualTo(Map.of("C", "3"));
  }

  @Test
  void extendsFromTheSameFileAndAnother() throws IOException {
    write("common/base.yml", "services:\n  base:\n    image: base\n    build: ./ctx\n    environment: {FROM: base, X: \"1\"}\n");
    write("compose.yaml", """
        services:
          tmpl:
            image: t
            environment: {T: "1"}
            cap_add: [NET_ADMIN]
          a:
            extends: tmpl
            environment: {A: "1"}
          b:
            extends: {file: common/base.yml, service: base}
            environment: {X: "2"}
        """);
    Project p = load();
    assertThat(svc(p, "a").get("image")).isEqualTo("t");
    assertThat(svc(p, "a").get("environment")).isEqualTo(Map.of("T", "1", "A", "1"));
    assertThat(svc(p, "a").get("cap_add")).isEqualTo(List.of("NET_ADMIN"));
    assertThat(svc(p, "b").get("environment")).isEqualTo(Map.of("FROM", "base", "X", "2"));
    assertThat(((Map<?, ?>) svc(p, "b").get("build")).get("context")).isEqualTo(dir.resolve("common/ctx").toString());
  }

  @Test
  void aCircularExtendsIsAnError() throws IOException {
    write("compose.yaml", "services:\n  a:\n    extends: b\n  b:\n    extends: a\n");
    assertThatThrownBy(this::load).hasMessageContaining("circular reference with extends");
  }

  @Test
  void includeAddsAnotherProjectsResources() throws IOException {
    write("sub/compose.yaml", "services:\n  db:\n    image: db\n    volumes: [./data:/data]\nvolumes:\n  dbdata: {}\n");
    write("compose.yaml", "include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: w\n    depends_on: [db]\n");
    Project p = load();
    assertThat(p.section("services").keySet()).containsExactly("db", "web");
    assertThat(svc(p, "db").get("volumes").toString()).contains(dir.resolve("sub/data").toString());
    assertThat(p.section("volumes")).containsKey("dbdata");
    write("compose.yaml", "include:\n  - sub/compose.yaml\nservices:\n  db:\n    image: clash\n");
    assertThatThrownBy(this::load).hasMessageContaining("defines conflicting services db");
  }

  @Test
  void profilesAreOffUnlessSelectedOrNamed() throws IOException {
    write("compose.yaml", "services:\n  web:\n    image: w\n  debug:\n    image: d\n    profiles: [dev]\n");
    assertThat(load().section("services").keySet()).containsExactly("web");
    assertThat(load(List.of(), null, List.of("dev")).section("services").keySet()).containsExactly("debug", "web");
    env.put("COMPOSE_PROFILES", "dev");
    assertThat(load().section("services").keySet()).containsExactly("debug", "web");
    env.remove("COMPOSE_PROFILES");
    Project named = new ProjectLoader(warnings::add)
        .load(new LoadOptions(List.of(), null, null, List.of(), List.of(), dir, env, List.of("debug")));
    assertThat(named.section("services").keySet()).containsExactly("debug", "web");
  }

  @Test
  void schemaErrorsNameThePath() throws IOException {
    for (String[] c : new String[][] {
        {"services:\n  web:\n    image: a\n    ports: \"80\"\n", "services.web.ports must be a list"},
        {"services:\n  web:\n    image: a\n    healthcheck: yes-please\n", "services.web.healthcheck must be a mapping"},
        {"services:\n  web:\n    image: [a]\n", "services.web.image must be a string"},
        {"services:\n  web:\n    image: a\n    environment: 5\n", "services.web.environment must be a mapping or a list"},
        {"services: []\n", "services must be a mapping"},
        {"servces:\n  web: {}\n", "(root) Additional property servces is not allowed"},
        {"services:\n  web:\n    build: .\n    depends_on: [db]\n", "service \"web\" depends on undefined service \"db\": invalid compose project"},
        {"services:\n  web:\n    image: a\n    networks: [nope]\n", "service \"web\" refers to undefined network nope: invalid compose project"},
        {"services:\n  web:\n    image: a\n    volumes: [\"nope:/x\"]\n", "service \"web\" refers to undefined volume nope: invalid compose project"},
        {"services:\n  web:\n    image: a\n    scale: 2\n    deploy: {replicas: 3}\n",
            "services.web: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project"},
        {"services:\n  web: {}\n", "service \"web\" has neither an image nor a build context specified: invalid compose project"},
        {"services:\n  web: [\n", "yaml: "},
        {"services:\n  web:\n    image: a\n    depends_on:\n      db: {condition: started}\n  db: {image: b}\n",
            "services.web.depends_on.db.condition must be one of the following: \"service_started\", \"service_healthy\", "
                + "\"service_completed_successfully\""},
        {"services:\n  web:\n    image: a\n    restrat: always\n", "services.web Additional property restrat is not allowed"},
        {"services:\n  web:\n    image: a\n    ports: [{target: [1]}]\n", "services.web.ports.0.target must be a number or a string"},
    }) {
      write("compose.yaml", c[0]);
      assertThatThrownBy(this::load).as(c[0]).hasMessageStartingWith(c[1]);
    }
  }

  @Test
  void aModelThatPassedIsRememberedAndAChangedOneIsCheckedAgain() throws IOException {
    write("compose.yaml", "services:\n  web:\n    image: a\n");
    load();
    Path cache = dir.getParent().resolve("cache/berth/compose-valid");
    try (Stream<Path> s = Files.list(cache)) {
      assertThat(s.count()).isEqualTo(1);
    }
    write("compose.yaml", "services:\n  web:\n    image: a\n    ports: \"80\"\n");
    assertThatThrownBy(this::load).hasMessage("services.web.ports must be a list");
    try (Stream<Path> s = Files.list(cache)) {
      assertThat(s.count()).isEqualTo(1);
    }
  }

  @Test
  void aDependsOnCycleIsAnError() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on:\n"
        + "      c: {condition: service_healthy}\n  c:\n    image: x\n    depends_on: [a]\n");
    assertThatThrownBy(this::load).hasMessage("dependency cycle detected: a -> b -> c -> a");
  }

  @Test
  void octalModesAreReadAsGoYamlReadsThem() throws IOException {
    write("s.txt", "s");
    write("compose.yaml", "services:\n  web:\n    image: a\n    secrets:\n      - source: s\n        mode: 0440\n"
        + "secrets:\n  s:\n    file: ./s.txt\n");
    Map<?, ?> ref = (Map<?, ?>) ((List<?>) svc(load(), "web").get("secrets")).get(0);
    assertThat(ref.get("mode")).isEqualTo(288L);
  }

  @Test
  void mergeKeysAndAnchorsWork() throws IOException {
    write("compose.yaml", "x-base: &base\n  image: a\n  environment: {A: \"1\"}\nservices:\n  web:\n    <<: *base\n    image: b\n");
    Map<String, Object> web = svc(load(), "web");
    assertThat(web.get("image")).isEqualTo("b");
    assertThat(web.get("environment")).isEqualTo(Map.of("A", "1"));
  }
}
