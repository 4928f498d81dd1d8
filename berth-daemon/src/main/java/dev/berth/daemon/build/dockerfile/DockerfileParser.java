package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a Dockerfile's text into a {@link Dockerfile}: directives, meta ARGs and stages of typed
 * instructions, with BuildKit's syntax (continuations, comments, heredocs, exec and shell forms,
 * flags) and one-line errors that name the line. Nothing is expanded and nothing is read but the
 * text, so a parse is cheap, deterministic and safe on hostile input; the engine expands values
 * at build time with {@link InstructionExpander}.
 */
public final class DockerfileParser {
  private DockerfileParser() {}

  /**
   * Parses {@code text}. Throws {@link DockerfileException} for the first error: an unknown
   * instruction, missing or invalid arguments or flags, an unterminated heredoc, an instruction
   * other than ARG before the first FROM, or a file without instructions or stages.
   */
  public static Dockerfile parse(String text) {
    LineScanner scanner = new LineScanner(text);
    List<Instruction.Arg> metaArgs = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    InstructionParser.From from = null;
    List<Instruction> current = new ArrayList<>();
    boolean any = false;
    LineScanner.LogicalLine logical;
    while ((logical = scanner.nextLine()) != null) {
      any = true;
      char escape = scanner.escape();
      LineWords.Split split = LineWords.splitCommand(logical.text(), escape);
      String keyword = split.keyword().toUpperCase(Locale.ROOT);
      try {
        List<Heredoc> heredocs = readHeredocs(scanner, split, logical, escape);
        InstructionParser.Line line =
            new InstructionParser.Line(
                split.keyword(),
                split.flags(),
                split.rest(),
                logical.text().strip(),
                logical.startLine(),
                scanner.lineNumber(),
                heredocs);
        if (!InstructionParser.known(keyword)) {
          throw InstructionParser.unknown(split.keyword());
        }
        if (keyword.equals("FROM")) {
          if (from != null) {
            stages.add(stage(stages.size(), from, current));
          }
          from = InstructionParser.parseFrom(line);
          current = new ArrayList<>();
          continue;
        }
        Instruction instruction = InstructionParser.parse(line, escape);
        if (from != null) {
          current.add(instruction);
        } else if (instruction instanceof Instruction.Arg arg) {
          metaArgs.add(arg);
        } else {
          throw new IllegalArgumentException(
              "no build stage in current context (" + keyword + " before the first FROM)");
        }
      } catch (IllegalArgumentException e) {
        throw new DockerfileException(logical.startLine(), e.getMessage());
      }
    }
    if (!any) {
      throw new DockerfileException("file with no instructions");
    }
    if (from == null) {
      throw new DockerfileException("dockerfile contains no stages to build (no FROM instruction)");
    }
    stages.add(stage(stages.size(), from, current));
    return new Dockerfile(scanner.directives(), metaArgs, stages);
  }

  private static Stage stage(int index, InstructionParser.From from, List<Instruction> body) {
    return new Stage(index, from.name(), from.image(), from.platform(), from.origin(), body);
  }

  /**
   * Reads the bodies of the heredocs opened on this line, for the instructions that take them
   * (RUN, COPY, ADD, also under ONBUILD) in their shell form.
   */
  private static List<Heredoc> readHeredocs(
      LineScanner scanner, LineWords.Split split, LineScanner.LogicalLine logical, char escape) {
    if (!logical.text().contains("<<") || !takesHeredocs(split, escape)) {
      return List.of();
    }
    List<Heredoc> out = new ArrayList<>();
    for (HeredocWords.Opener opener : HeredocWords.find(logical.text())) {
      String body = scanner.readHeredoc(opener.name(), opener.chomp());
      if (body == null) {
        throw new IllegalArgumentException("unterminated heredoc");
      }
      out.add(new Heredoc(opener.name(), body, opener.expand(), opener.chomp(), opener.fd()));
    }
    return out;
  }

  private static boolean takesHeredocs(LineWords.Split split, char escape) {
    String keyword = split.keyword().toUpperCase(Locale.ROOT);
    String rest = split.rest();
    if (keyword.equals("ONBUILD")) {
      LineWords.Split inner = LineWords.splitCommand(rest, escape);
      keyword = inner.keyword().toUpperCase(Locale.ROOT);
      rest = inner.rest();
    }
    if (!keyword.equals("RUN") && !keyword.equals("COPY") && !keyword.equals("ADD")) {
      return false;
    }
    try {
      return ExecForm.parse(rest).isEmpty();
    } catch (IllegalArgumentException notStrings) {
      return false;
    }
  }

  /** Parses only the directives, e.g. to report {@code # syntax=} before a full parse. */
  public static Directives directives(String text) {
    LineScanner scanner = new LineScanner(text);
    scanner.nextLine();
    return scanner.directives();
  }
}
