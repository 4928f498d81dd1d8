package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.model.ErrorResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Sample(String id, List<String> repoTags, String parentId) {}

  @Test
  void errorResponseKeepsDockersLowerCaseMessageKey() {
    assertThat(Json.toString(new ErrorResponse("No such container: x"))).isEqualTo("{\"message\":\"No such container: x\"}");
  }

  @Test
  void errorResponseReadsBack() {
    ErrorResponse e = Json.read("{\"message\":\"gone\"}".getBytes(StandardCharsets.UTF_8), ErrorResponse.class);

    assertThat(e.message()).isEqualTo("gone");
  }

  @Test
  void apiFieldNamesAreUpperCamelCase() {
    assertThat(Json.toString(new Sample("sha256:1", List.of("a:1"), "")))
        .isEqualTo("{\"Id\":\"sha256:1\",\"RepoTags\":[\"a:1\"],\"ParentId\":\"\"}");
  }

  @Test
  void nullsAreWrittenAsDockerDoes() {
    assertThat(Json.toString(new Sample("x", null, null))).isEqualTo("{\"Id\":\"x\",\"RepoTags\":null,\"ParentId\":null}");
  }

  @Test
  void unknownFieldsAreIgnored() {
    Sample s = Json.read("{\"Id\":\"x\",\"Extra\":1}".getBytes(StandardCharsets.UTF_8), Sample.class);

    assertThat(s.id()).isEqualTo("x");
  }

  @Test
  void singleValueIsAcceptedWhereAnArrayIsExpected() {
    Sample s = Json.read("{\"RepoTags\":\"a:1\"}".getBytes(StandardCharsets.UTF_8), Sample.class);

    assertThat(s.repoTags()).containsExactly("a:1");
  }

  @Test
  void malformedBodyRaisesMalformedJsonException() {
    assertThatThrownBy(() -> Json.read("{\"Id\":".getBytes(StandardCharsets.UTF_8), Sample.class))
        .isInstanceOf(Json.MalformedJsonException.class);
    assertThatThrownBy(() -> Json.tree("nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Json.MalformedJsonException.class);
  }

  @Test
  void plainMapperKeepsJavaNames() throws Exception {
    assertThat(Json.plain().writeValueAsString(new Sample("x", List.of(), "p")))
        .isEqualTo("{\"id\":\"x\",\"repoTags\":[],\"parentId\":\"p\"}");
  }

  @Test
  void bytesJacksonTakesForUtf32AreMalformedJsonNotAnIoError() {
    byte[] body = "{\u0000\u0000\u0000\u0011el\":[\"a=b\"]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Json.tree(body)).isInstanceOf(Json.MalformedJsonException.class);
    assertThatThrownBy(() -> Filters.parse(new String(body, StandardCharsets.UTF_8)))
        .isInstanceOf(Json.MalformedJsonException.class);
  }
}
