package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns one logical line (keyword, flags, argument text, heredoc bodies) into a typed {@link
 * Instruction}, with the argument rules and error messages of BuildKit's instruction parser.
 * Errors are thrown as {@link IllegalArgumentException} with the bare message; the caller adds
 * the line number.
 */
final class InstructionParser {
  /** Every instruction keyword, for the unknown-instruction hint. */
  static final List<String> KEYWORDS =
      List.of(
          "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
          "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
          "WORKDIR");

  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
  private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^\\s*ONBUILD\\s*");

  /** One logical line, split, with the heredoc bodies that followed it. */
  record Line(
      String keyword,
      List<String> flags,
      String rest,
      String original,
      int line,
      int endLine,
      List<Heredoc> heredocs) {}

  /** A parsed FROM line. */
  record From(Origin origin, String image, Optional<String> name, Optional<String> platform) {}

  private InstructionParser() {}

  /** Whether {@code keyword} (any case) is an instruction Docker knows. */
  static boolean known(String keyword) {
    return KEYWORDS.contains(keyword.toUpperCase(Locale.ROOT));
  }

  static IllegalArgumentException unknown(String keyword) {
    return new IllegalArgumentException(
        Suggest.withHint("unknown instruction: " + keyword, keyword, KEYWORDS, false));
  }

  private static Origin origin(Line l, Flags flags) {
    return new Origin(
        l.keyword().toUpperCase(Locale.ROOT), l.original(), l.line(), l.endLine(), flags);
  }

  static From parseFrom(Line l) {
    Flags flags = FlagSpec.FROM.parse(l.flags());
    List<String> args = LineWords.blankSeparated(l.rest());
    Optional<String> name = Optional.empty();
    if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
      String lower = args.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(lower).matches()) {
        throw new IllegalArgumentException(
            "invalid name for build stage: \""
                + args.get(2)
                + "\", name can't start with a number or contain symbols");
      }
      name = Optional.of(lower);
    } else if (args.size() != 1) {
      throw new IllegalArgumentException("FROM requires either one or three arguments");
    }
    return new From(origin(l, flags), args.get(0), name, flags.value("platform"));
  }

  static Instruction parse(Line l, char escape) {
    String kw = l.keyword().toUpperCase(Locale.ROOT);
    return switch (kw) {
      case "RUN" -> run(l);
      case "CMD" -> new Instruction.Cmd(origin(l, FlagSpec.NONE.parse(l.flags())), command(l, "CMD"));
      case "ENTRYPOINT" ->
          new Instruction.Entrypoint(
              origin(l, FlagSpec.NONE.parse(l.flags())), command(l, "ENTRYPOINT"));
      case "SHELL" -> shell(l);
      case "ENV" ->
          new Instruction.Env(origin(l, FlagSpec.NONE.parse(l.flags())), keyValues(l, "ENV", escape));
      case "LABEL" ->
          new Instruction.Label(
              origin(l, FlagSpec.NONE.parse(l.flags())), keyValues(l, "LABEL", escape));
      case "ARG" -> arg(l, escape);
      case "EXPOSE" -> {
        List<String> ports = LineWords.blankSeparated(l.rest());
        if (ports.isEmpty()) {
          throw atLeastOne("EXPOSE");
        }
        yield new Instruction.Expose(origin(l, FlagSpec.NONE.parse(l.flags())), ports);
      }
      case "WORKDIR" ->
          new Instruction.Workdir(origin(l, FlagSpec.NONE.parse(l.flags())), single(l, "WORKDIR"));
      case "USER" -> new Instruction.User(origin(l, FlagSpec.NONE.parse(l.flags())), single(l, "USER"));
      case "STOPSIGNAL" ->
          new Instruction.StopSignal(
              origin(l, FlagSpec.NONE.parse(l.flags())), single(l, "STOPSIGNAL"));
      case "MAINTAINER" ->
          new Instruction.Maintainer(
              origin(l, FlagSpec.NONE.parse(l.flags())), single(l, "MAINTAINER"));
      case "VOLUME" -> volume(l);
      case "COPY" -> copy(l);
      case "ADD" -> add(l);
      case "HEALTHCHECK" -> HealthcheckParser.parse(l, origin(l, FlagSpec.HEALTHCHECK.parse(l.flags())));
      case "ONBUILD" -> onBuild(l, escape);
      case "FROM" -> throw new IllegalArgumentException("FROM is not an instruction of a stage");
      default -> throw unknown(l.keyword());
    };
  }

  private static Instruction.Run run(Line l) {
    Flags flags = FlagSpec.RUN.parse(l.flags());
    CommandLine cmd = command(l, "RUN");
    if (cmd.shellForm() && cmd.args().get(0).isEmpty()) {
      throw atLeastOne("RUN");
    }
    Optional<String> network = flags.value("network");
    network.ifPresent(
        n -> {
          if (!n.contains("$") && !List.of("default", "none", "host").contains(n)) {
            throw new IllegalArgumentException("invalid network mode \"" + n + "\"");
          }
        });
    Optional<String> security = flags.value("security");
    security.ifPresent(
        s -> {
          if (!s.contains("$") && !List.of("sandbox", "insecure").contains(s)) {
            throw new IllegalArgumentException("security \"" + s + "\" is not valid");
          }
        });
    List<RunMount> mounts = new ArrayList<>();
    for (String spec : flags.values("mount")) {
      mounts.add(new RunMount(spec, MountSpec.parse(spec)));
    }
    return new Instruction.Run(origin(l, flags), cmd, mounts, network, security, l.heredocs());
  }

  /**
   * The exec form when the text is a JSON array of strings, else the shell form holding the whole
   * text. An empty shell-form command is refused; an empty JSON array is the explicit "none".
   */
  static CommandLine command(Line l, String keyword) {
    Optional<List<String>> json = ExecForm.parse(l.rest());
    if (json.isPresent()) {
      return new CommandLine(json.get(), false);
    }
    if (l.rest().isEmpty() && !keyword.equals("RUN")) {
      throw atLeastOne(keyword);
    }
    return new CommandLine(List.of(l.rest()), true);
  }

  private static Instruction.Shell shell(Line l) {
    Flags flags = FlagSpec.NONE.parse(l.flags());
    Optional<List<String>> json = ExecForm.parse(l.rest());
    if (json.isEmpty()) {
      if (l.rest().isEmpty()) {
        throw atLeastOne("SHELL");
      }
      throw new IllegalArgumentException("SHELL requires the arguments to be in JSON form");
    }
    if (json.get().isEmpty()) {
      throw atLeastOne("SHELL");
    }
    return new Instruction.Shell(origin(l, flags), json.get());
  }

  /** ENV and LABEL: {@code key value} (legacy, one pair) or {@code k=v k2="v 2" ...}. */
  private static List<KeyValue> keyValues(Line l, String keyword, char escape) {
    List<String> words = LineWords.quotedWords(l.rest(), escape);
    if (words.isEmpty()) {
      throw atLeastOne(keyword);
    }
    List<KeyValue> pairs = new ArrayList<>();
    if (!words.get(0).contains("=")) {
      String rest = l.rest();
      int i = 0;
      while (i < rest.length() && !LineWords.isBlank(rest.charAt(i))) {
        i++;
      }
      int j = i;
      while (j < rest.length() && LineWords.isBlank(rest.charAt(j))) {
        j++;
      }
      if (i == rest.length()) {
        throw new IllegalArgumentException(keyword + " must have two arguments");
      }
      pairs.add(new KeyValue(rest.substring(0, i), rest.substring(j), true));
      return pairs;
    }
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "Syntax error - can't find = in \""
                + word
                + "\". Must be of the form: name=value");
      }
      if (eq == 0) {
        throw new IllegalArgumentException(keyword + " names can not be blank");
      }
      pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1), false));
    }
    return pairs;
  }

  private static Instruction.Arg arg(Line l, char escape) {
    Flags flags = FlagSpec.NONE.parse(l.flags());
    List<String> words = LineWords.quotedWords(l.rest(), escape);
    if (words.isEmpty()) {
      throw atLeastOne("ARG");
    }
    List<ArgDefinition> defs = new ArrayList<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq == 0) {
        throw new IllegalArgumentException("ARG names can not be blank");
      }
      defs.add(
          eq < 0
              ? new ArgDefinition(word, Optional.empty())
              : new ArgDefinition(word.substring(0, eq), Optional.of(word.substring(eq + 1))));
    }
    return new Instruction.Arg(origin(l, flags), defs);
  }

  private static String single(Line l, String keyword) {
    if (l.rest().isEmpty()) {
      throw new IllegalArgumentException(keyword + " requires exactly one argument");
    }
    return l.rest();
  }

  private static Instruction.Volume volume(Line l) {
    Flags flags = FlagSpec.NONE.parse(l.flags());
    List<String> paths = jsonOrWords(l.rest());
    if (paths.isEmpty()) {
      throw atLeastOne("VOLUME");
    }
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      if (p.isBlank()) {
        throw new IllegalArgumentException("VOLUME specified can not be an empty string");
      }
      out.add(p.strip());
    }
    return new Instruction.Volume(origin(l, flags), out);
  }

  private static List<String> jsonOrWords(String rest) {
    return ExecForm.parse(rest).orElseGet(() -> LineWords.blankSeparated(rest));
  }

  /** The sources, inline heredoc sources and destination shared by COPY and ADD. */
  private record Paths(List<String> sources, List<Heredoc> inline, String destination) {}

  private static Paths paths(Line l, String keyword) {
    Optional<List<String>> json = ExecForm.parse(l.rest());
    List<String> args = json.orElseGet(() -> LineWords.blankSeparated(l.rest()));
    if (args.size() < 2) {
      throw new IllegalArgumentException(
          keyword
              + " requires at least two arguments, but only one was provided. Destination could"
              + " not be determined");
    }
    String dest = args.get(args.size() - 1);
    if (json.isEmpty() && HeredocWords.parse(dest) != null) {
      throw new IllegalArgumentException(keyword + " cannot accept a heredoc as a destination");
    }
    List<String> sources = new ArrayList<>();
    List<Heredoc> inline = new ArrayList<>();
    for (String src : args.subList(0, args.size() - 1)) {
      HeredocWords.Opener opener = json.isEmpty() ? HeredocWords.parse(src) : null;
      if (opener == null) {
        sources.add(src);
        continue;
      }
      Heredoc body =
          l.heredocs().stream()
              .filter(h -> h.name().equals(opener.name()))
              .findFirst()
              .orElse(new Heredoc(opener.name(), "", opener.expand(), opener.chomp(), opener.fd()));
      inline.add(body);
    }
    return new Paths(sources, inline, dest);
  }

  private static Instruction.Copy copy(Line l) {
    Flags flags = FlagSpec.COPY.parse(l.flags());
    Paths p = paths(l, "COPY");
    return new Instruction.Copy(
        origin(l, flags),
        p.sources(),
        p.inline(),
        p.destination(),
        flags.value("from").filter(s -> !s.isEmpty()),
        flags.value("chown").filter(s -> !s.isEmpty()),
        flags.value("chmod").filter(s -> !s.isEmpty()),
        flags.isTrue("link"),
        flags.isTrue("parents"),
        flags.values("exclude"));
  }

  private static Instruction.Add add(Line l) {
    Flags flags = FlagSpec.ADD.parse(l.flags());
    Paths p = paths(l, "ADD");
    return new Instruction.Add(
        origin(l, flags),
        p.sources(),
        p.inline(),
        p.destination(),
        flags.value("chown").filter(s -> !s.isEmpty()),
        flags.value("chmod").filter(s -> !s.isEmpty()),
        flags.isTrue("link"),
        flags.value("keep-git-dir").map("true"::equals),
        flags.value("checksum").filter(s -> !s.isEmpty()),
        flags.value("unpack").map("true"::equals),
        flags.values("exclude"));
  }

  private static Instruction.OnBuild onBuild(Line l, char escape) {
    Flags flags = FlagSpec.NONE.parse(l.flags());
    if (l.rest().isEmpty()) {
      throw atLeastOne("ONBUILD");
    }
    LineWords.Split inner = LineWords.splitCommand(l.rest(), escape);
    String trigger = inner.keyword().toUpperCase(Locale.ROOT);
    switch (trigger) {
      case "ONBUILD" ->
          throw new IllegalArgumentException(
              "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      case "MAINTAINER", "FROM" ->
          throw new IllegalArgumentException(trigger + " isn't allowed as an ONBUILD trigger");
      default -> {}
    }
    if (!known(trigger)) {
      throw unknown(inner.keyword());
    }
    String innerOriginal = ONBUILD_PREFIX.matcher(l.original()).replaceFirst("");
    Line sub =
        new Line(
            inner.keyword(),
            inner.flags(),
            inner.rest(),
            innerOriginal,
            l.line(),
            l.endLine(),
            l.heredocs());
    Instruction parsed = parse(sub, escape);
    StringBuilder expression = new StringBuilder(innerOriginal);
    for (Heredoc h : l.heredocs()) {
      expression.append('\n').append(h.body()).append(h.name());
    }
    return new Instruction.OnBuild(origin(l, flags), parsed, expression.toString());
  }

  static IllegalArgumentException atLeastOne(String keyword) {
    return new IllegalArgumentException(keyword + " requires at least one argument");
  }
}
