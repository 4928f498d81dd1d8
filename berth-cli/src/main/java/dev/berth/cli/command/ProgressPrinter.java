package dev.berth.cli.command;

import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.JsonStream;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * Prints the JSON message streams of load, import and pull as docker's jsonmessage does without a
 * terminal: {@code stream} text verbatim, {@code id: status} lines, progress bars left out. An
 * {@code error} in the stream (sent with HTTP 200) becomes a {@link DaemonException}.
 */
public final class ProgressPrinter {
  private ProgressPrinter() {}

  /** Prints every message; returns the last {@code aux} object or status, for callers that need the ID. */
  public static String print(HttpResponse resp, PrintStream out) throws IOException {
    String last = null;
    String ct = resp.header("Content-Type");
    if (ct != null && !ct.contains("json")) {
      out.print(resp.text());
      return null;
    }
    JsonStream stream = new JsonStream(resp.body());
    String text;
    while ((text = stream.next()) != null) {
      Object v;
      try {
        v = Json.parse(text);
      } catch (IllegalArgumentException e) {
        out.println(text);
        continue;
      }
      if (!(v instanceof Map<?, ?> m)) {
        continue;
      }
      if (m.get("errorDetail") instanceof Map<?, ?> ed && ed.get("message") != null) {
        out.flush();
        throw new DaemonException(500, String.valueOf(ed.get("message")));
      }
      if (m.get("error") != null) {
        out.flush();
        throw new DaemonException(500, String.valueOf(m.get("error")));
      }
      if (m.get("stream") instanceof String s) {
        out.print(s);
      } else if (m.get("status") instanceof String s) {
        boolean progress = m.get("progressDetail") instanceof Map<?, ?> pd && !pd.isEmpty();
        if (!progress) {
          out.println(m.get("id") instanceof String id && !id.isEmpty() ? id + ": " + s : s);
        }
        last = s;
      }
      out.flush();
    }
    return last;
  }
}
