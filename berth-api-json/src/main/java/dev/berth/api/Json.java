package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration shared by daemon and clients.
 *
 * <p>The Engine API spells its fields in UpperCamelCase ({@code Id}, {@code RepoTags}), so records
 * name their components in Java style and the mapper translates; the few fields Docker spells
 * otherwise ({@code ID} in /info) carry an explicit {@code @JsonProperty}. Unknown fields are
 * ignored because real clients send more than any one version of Berth reads.
 */
public final class Json {
  private static final ObjectMapper API = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      .serializationInclusion(JsonInclude.Include.ALWAYS)
      .build();

  private static final ObjectMapper PLAIN = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Json() {}

  /** The mapper for Engine API bodies: UpperCamelCase field names. */
  public static ObjectMapper api() {
    return API;
  }

  /** A mapper that keeps Java names as written: for OCI documents and Berth's own files. */
  public static ObjectMapper plain() {
    return PLAIN;
  }

  /** Serializes with the API mapper; the types written here always serialize. */
  public static byte[] toBytes(Object value) {
    try {
      return API.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  public static String toString(Object value) {
    try {
      return API.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /** Reads an API body; malformed JSON surfaces as {@link MalformedJsonException}. */
  public static <T> T read(byte[] body, Class<T> type) {
    try {
      return API.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new MalformedJsonException(e.getOriginalMessage());
    } catch (CharConversionException e) {
      // Jackson guesses UTF-16/32 from NUL bytes at the start; bytes that then fail to decode are
      // a malformed body too, not an I/O failure
      throw new MalformedJsonException(e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode tree(byte[] body) {
    try {
      return API.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedJsonException(e.getOriginalMessage());
    } catch (CharConversionException e) {
      // Jackson guesses UTF-16/32 from NUL bytes at the start; bytes that then fail to decode are
      // a malformed body too, not an I/O failure
      throw new MalformedJsonException(e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A body that is not the JSON it should be: the daemon answers 400 with this message. */
  public static final class MalformedJsonException extends RuntimeException {
    public MalformedJsonException(String detail) {
      super(detail);
    }
  }
}
