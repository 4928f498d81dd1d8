package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code berth logs}: inspects the container for its TTY setting, then streams
 * {@code GET /containers/{id}/logs}, demultiplexing frames to stdout and stderr as they arrive.
 */
public final class LogsCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth logs [OPTIONS] CONTAINER", "Fetch the logs of a container", new Options()
        .bool("details", "Show extra details provided to logs")
        .bool('f', "follow", "Follow log output")
        .value("since", "string", "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
        .value('n', "tail", "string", "Number of lines to show from the end of the logs (default \"all\")")
        .bool('t', "timestamps", "Show timestamps")
        .value("until", "string", "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    DaemonClient client = ctx.client();
    String id = args.positional().get(0);
    boolean tty = Containers.hasTty(client, id);
    long now = ctx.now();
    String target = Query.path(Containers.path(id) + "/logs").param("stdout", "1").param("stderr", "1")
        .nonEmpty("since", timestamp(args.value("since"), now)).nonEmpty("until", timestamp(args.value("until"), now))
        .flag("timestamps", args.bool("timestamps")).flag("follow", args.bool("follow"))
        .param("tail", args.value("tail", "all")).flag("details", args.bool("details")).build();
    try (HttpResponse r = client.open("GET", target)) {
      StreamPump.copy(r.body(), tty, ctx.out(), ctx.err());
    }
    return 0;
  }

  /**
   * docker's GetTimestamp: a relative duration ("42m") becomes now minus it, an RFC 3339 time its
   * Unix seconds, and a plain number is passed through.
   */
  public static String timestamp(String value, long nowMillis) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.matches("-?\\d+(\\.\\d+)?")) {
      return value;
    }
    try {
      long nanos = Durations.nanos(value);
      long at = nowMillis * 1_000_000L - nanos;
      return String.format("%d.%09d", Math.floorDiv(at, 1_000_000_000L), Math.floorMod(at, 1_000_000_000L));
    } catch (IllegalArgumentException notDuration) {
      // fall through to absolute times
    }
    try {
      Instant i = OffsetDateTime.parse(value).toInstant();
      return String.format("%d.%09d", i.getEpochSecond(), i.getNano());
    } catch (DateTimeParseException e) {
      try {
        Instant i = Instant.parse(value + (value.length() == 10 ? "T00:00:00Z" : "Z"));
        return String.format("%d.%09d", i.getEpochSecond(), i.getNano());
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("invalid value for \"since\": failed to parse value as time or duration: \"" + value + "\"");
      }
    }
  }
}
