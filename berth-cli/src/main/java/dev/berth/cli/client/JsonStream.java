package dev.berth.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Splits a streamed body of concatenated JSON values (load, import, pull, events, prune progress)
 * into one text per value, returning each as soon as its last byte has arrived.
 */
public final class JsonStream {
  private final Reader in;

  public JsonStream(InputStream in) {
    this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /** The next complete JSON value's text, or null at the end of the stream. */
  public String next() throws IOException {
    StringBuilder sb = new StringBuilder();
    int depth = 0;
    boolean inString = false;
    boolean escape = false;
    boolean started = false;
    int c;
    while ((c = in.read()) >= 0) {
      char ch = (char) c;
      if (!started) {
        if (Character.isWhitespace(ch)) {
          continue;
        }
        started = true;
      }
      sb.append(ch);
      if (inString) {
        if (escape) {
          escape = false;
        } else if (ch == '\\') {
          escape = true;
        } else if (ch == '"') {
          inString = false;
          if (depth == 0) {
            return sb.toString();
          }
        }
        continue;
      }
      switch (ch) {
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case '}', ']' -> {
          depth--;
          if (depth == 0) {
            return sb.toString();
          }
        }
        default -> {
          if (depth == 0 && Character.isWhitespace(ch)) {
            return sb.toString().trim();
          }
        }
      }
    }
    String rest = sb.toString().trim();
    return rest.isEmpty() ? null : rest;
  }
}
