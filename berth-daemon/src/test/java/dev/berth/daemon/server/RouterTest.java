package dev.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final Router.Handler NOOP = x -> {};
  private static final Router.Handler OTHER = x -> {};

  @Test
  void plainParametersAreTakenFromTheirSegments() {
    Router router = new Router().post("/containers/{id}/start", NOOP);

    Router.Match m = router.match(HttpMethod.POST, "/containers/abc123/start", null);

    assertThat(m).isNotNull();
    assertThat(m.handler()).isSameAs(NOOP);
    assertThat(m.kind()).isEqualTo(Router.Kind.PLAIN);
    assertThat(m.params()).containsExactly(java.util.Map.entry("id", "abc123"));
  }

  @Test
  void literalSegmentsMustMatchExactly() {
    Router router = new Router().post("/containers/{id}/start", NOOP);

    assertThat(router.match(HttpMethod.POST, "/containers/abc/stop", null)).isNull();
    assertThat(router.match(HttpMethod.POST, "/containers/abc/start/now", null)).isNull();
    assertThat(router.match(HttpMethod.POST, "/containers/start", null)).isNull();
  }

  @Test
  void trailingGreedyParameterTakesTheRestOfThePath() {
    Router router = new Router().delete("/images/{name*}", NOOP);

    Router.Match m = router.match(HttpMethod.DELETE, "/images/registry.example:5000/team/app:1.0", null);

    assertThat(m.params()).containsEntry("name", "registry.example:5000/team/app:1.0");
  }

  @Test
  void greedyParameterInTheMiddleStopsBeforeTheLiteralTail() {
    Router router = new Router().get("/images/{name*}/json", NOOP);

    Router.Match m = router.match(HttpMethod.GET, "/images/library/busybox:latest/json", null);

    assertThat(m.params()).containsEntry("name", "library/busybox:latest");
  }

  @Test
  void greedyParameterInTheMiddleTakesASingleSegmentToo() {
    Router router = new Router().get("/images/{name*}/json", NOOP);

    assertThat(router.match(HttpMethod.GET, "/images/busybox/json", null).params()).containsEntry("name", "busybox");
  }

  @Test
  void greedyParameterNeedsAtLeastOneSegment() {
    Router router = new Router().get("/images/{name*}/json", NOOP);

    assertThat(router.match(HttpMethod.GET, "/images/json", null)).isNull();
  }

  @Test
  void greedyRouteDoesNotMatchAPathWithAnotherTail() {
    Router router = new Router().get("/images/{name*}/json", NOOP);

    assertThat(router.match(HttpMethod.GET, "/images/library/busybox/history", null)).isNull();
  }

  @Test
  void firstRegisteredRouteWins() {
    Router router = new Router().get("/images/json", NOOP).get("/images/{name*}", OTHER);

    assertThat(router.match(HttpMethod.GET, "/images/json", null).handler()).isSameAs(NOOP);
    assertThat(router.match(HttpMethod.GET, "/images/busybox", null).handler()).isSameAs(OTHER);
  }

  @Test
  void methodMismatchReturnsNullButMarksThePathKnown() {
    Router router = new Router().get("/containers/json", NOOP);
    boolean[] known = new boolean[1];

    assertThat(router.match(HttpMethod.DELETE, "/containers/json", known)).isNull();
    assertThat(known[0]).isTrue();
  }

  @Test
  void unknownPathReturnsNullAndLeavesThePathUnknown() {
    Router router = new Router().get("/containers/json", NOOP);
    boolean[] known = new boolean[1];

    assertThat(router.match(HttpMethod.GET, "/volumes", known)).isNull();
    assertThat(known[0]).isFalse();
  }

  @Test
  void sameRouteWithAnotherMethodIsFoundAfterAMismatch() {
    Router router = new Router().get("/containers/{id}", NOOP).delete("/containers/{id}", OTHER);

    assertThat(router.match(HttpMethod.DELETE, "/containers/x", null).handler()).isSameAs(OTHER);
  }

  @Test
  void emptySegmentsAndTrailingSlashesAreIgnored() {
    Router router = new Router().get("/containers/json", NOOP);

    assertThat(router.match(HttpMethod.GET, "//containers//json/", null)).isNotNull();
  }

  @Test
  void hijackKindIsKept() {
    Router router = new Router().add(HttpMethod.POST, "/containers/{id}/attach", NOOP, Router.Kind.HIJACK);

    assertThat(router.match(HttpMethod.POST, "/containers/x/attach", null).kind()).isEqualTo(Router.Kind.HIJACK);
  }
}
