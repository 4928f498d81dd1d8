package dev.berth.cli.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void roundTripsKeepingOrder() {
    String text = "{\"b\":1,\"a\":[true,null,\"x\\n\\u00e9\"],\"c\":{\"d\":1.5,\"e\":{}}}";
    Object v = Json.parse(text);
    assertThat(((Map<?, ?>) v).keySet().toString()).isEqualTo("[b, a, c]");
    assertThat(((List<?>) ((Map<?, ?>) v).get("a")).get(2)).isEqualTo("x\né");
    assertThat(Json.write(v)).isEqualTo("{\"b\":1,\"a\":[true,null,\"x\\né\"],\"c\":{\"d\":1.5,\"e\":{}}}");
  }

  @Test
  void indentsLikeGoJsonIndent() {
    assertThat(JsonIndent.indent("[{\"Id\":\"a\",\"L\":[],\"M\":{},\"N\":[1,2]}]", "    ")).isEqualTo("""
        [
            {
                "Id": "a",
                "L": [],
                "M": {},
                "N": [
                    1,
                    2
                ]
            }
        ]""");
    assertThat(JsonIndent.indent("[]", "    ")).isEqualTo("[]");
  }

  @Test
  void aBadUnicodeEscapeIsTheParsersOwnOneLineError() {
    org.assertj.core.api.Assertions.assertThat(Json.parse("\"\\u00e9\"")).isEqualTo("\u00e9");
    for (String bad : java.util.List.of("\"\\ud\n  \"", "\"\\u+123\"", "\"\\u12\"")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse(bad))
          .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad unicode escape");
    }
  }
}
