package dev.berth.api.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgnoreMatcherTest {

  /** patterns separated by ';' | path | excluded? */
  @ParameterizedTest(name = "[{0}] {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # plain names and directories
          foo                 | foo                 | true
          foo                 | foo/bar             | true
          foo                 | foo/bar/baz.txt     | true
          foo                 | foobar              | false
          foo                 | bar/foo             | false
          foo/                | foo/x               | true
          /foo                | foo                 | true
          ./foo               | foo/x               | true
          foo/../bar          | bar/x               | true
          foo//bar            | foo/bar             | true
          # single star stays in one segment
          *                   | anything            | true
          *                   | dir/file            | true
          *.md                | README.md           | true
          *.md                | docs/README.md      | false
          */*.md              | docs/README.md      | true
          */*.md              | a/b/README.md       | false
          docs/*              | docs/a/b            | true
          a*b                 | ab                  | true
          a*b                 | axxb                | true
          a*b                 | a/b                 | false
          # question mark
          ?.txt               | a.txt               | true
          ?.txt               | ab.txt              | false
          a?b                 | a/b                 | false
          # double star
          **                  | x/y/z               | true
          **/foo              | foo                 | true
          **/foo              | a/b/foo             | true
          **/foo              | a/b/foo/c           | true
          **/foo              | a/barfoo            | false
          **foo               | barfoo              | true
          **/*.go             | main.go             | true
          **/*.go             | a/b/main.go         | true
          **/*.go             | a/b/main.gox        | false
          foo/**              | foo/x               | true
          foo/**              | foo/x/y             | true
          foo/**              | foo                 | false
          foo/**/bar          | foo/bar             | true
          foo/**/bar          | foo/a/b/bar         | true
          foo/**/bar          | foo/a/b/baz         | false
          a/**/*.log          | a/x/y/z.log         | true
          a/**/*.log          | a/z.log             | true
          a/**/*.log          | b/z.log             | false
          # character classes
          [abc].txt           | b.txt               | true
          [abc].txt           | d.txt               | false
          [a-c]x              | cx                  | true
          [a-c]x              | dx                  | false
          [^a-c]x             | dx                  | true
          [^a-c]x             | ax                  | false
          [!a]x               | !x                  | true
          [!a]x               | ax                  | true
          [!a]x               | bx                  | false
          file[0-9].log       | file7.log           | true
          # escapes
          \\*.txt             | *.txt               | true
          \\*.txt             | a.txt               | false
          a\\?                | a?                  | true
          a\\?                | ab                  | false
          # regexp-special characters are literal
          a.b                 | a.b                 | true
          a.b                 | axb                 | false
          a+b(c)              | a+b(c)              | true
          $x{1}               | $x{1}               | true
          # exceptions: the last matching line wins
          *.md;!README.md     | README.md           | false
          *.md;!README.md     | CHANGES.md          | true
          *.md;!README.md;*.md | README.md          | true
          !README.md;*.md     | README.md           | true
          docs;!docs/keep     | docs/keep           | false
          docs;!docs/keep     | docs/keep/x         | false
          docs;!docs/keep     | docs/other          | true
          docs;!docs/keep     | docs                | true
          **;!src;src/gen     | src/main.c          | false
          **;!src;src/gen     | src/gen/x.c         | true
          **;!src;src/gen     | build/out           | true
          **;!**/*.java       | a/b/C.java          | false
          **;!**/*.java       | a/b/C.class         | true
          # an exception for a parent re-includes the children
          a;!a/b              | a/b/c/d             | false
          # the root is never excluded
          *                   | .                   | false
          **                  | ./                  | false
          # paths are cleaned before matching
          foo                 | ./foo/../foo/x      | true
          foo/bar             | /foo/bar            | true
          foo/bar             | foo//bar/           | true
          """)
  void matchesLikeDocker(String patterns, String path, boolean excluded) {
    IgnoreMatcher m = IgnoreMatcher.of(Arrays.asList(patterns.split(";")));

    assertThat(m.isExcluded(path)).isEqualTo(excluded);
  }

  /** patterns separated by ';' | directory | may the walker skip it? */
  @ParameterizedTest(name = "[{0}] skip {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          node_modules                  | node_modules     | true
          node_modules                  | src              | false
          docs;!docs/keep.md            | docs             | false
          docs;!docs/keep.md            | docs/sub         | true
          docs;!docs/keep.md            | other            | false
          *;!docs/keep.md               | src              | true
          *;!docs/keep.md               | docs             | false
          *;!**/keep                    | src              | false
          *;!*/keep                     | src              | false
          *;!*/keep                     | src/deep         | true
          *;!src/*/keep                 | src/a            | false
          *;!src/*/keep                 | lib              | true
          *;!src/[ab]/keep              | src/c            | true
          *;!src/[ab]/keep              | src/a            | false
          a;!a                          | a                | false
          a/**;!a/b/**                  | a/b              | false
          a/**;!a/b/**                  | a/c              | true
          build;!build*.txt             | build            | true
          """)
  void skipsDirectoriesOnlyWhenNoExceptionCanReachInside(
      String patterns, String dir, boolean skippable) {
    IgnoreMatcher m = IgnoreMatcher.of(Arrays.asList(patterns.split(";")));

    assertThat(m.canSkipDirectory(dir)).isEqualTo(skippable);
  }

  @Test
  void readsTheFileLikeDockerDoes() {
    String file =
        "\uFEFF# a comment\n"
            + "\n"
            + "  node_modules/  \n"
            + "/abs/path\n"
            + "! ./keep/me/\n"
            + " # not a comment: the hash is not in the first column\n"
            + "a/./b/../c\r\n"
            + "   \n";

    assertThat(IgnoreMatcher.readPatterns(file))
        .containsExactly("node_modules", "abs/path", "!keep/me", "# not a comment: the hash is not in the first column", "a/c");
  }

  @Test
  void commentsAndBlankLinesExcludeNothing() {
    IgnoreMatcher m = IgnoreMatcher.parse("# *\n\n   \n");

    assertThat(m.isEmpty()).isTrue();
    assertThat(m.isExcluded("anything")).isFalse();
  }

  @Test
  void aLoneBangIsRefused() {
    assertThatThrownBy(() -> IgnoreMatcher.parse("!\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("illegal exclusion pattern: \"!\"");
  }

  @Test
  void anUnclosedClassIsRefusedOnOneLine() {
    assertThatThrownBy(() -> IgnoreMatcher.parse("src/[abc\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid .dockerignore pattern \"src/[abc\": syntax error in pattern");
  }

  @Test
  void keepsTheDockerfileAndTheIgnoreFileWhenAsked() {
    IgnoreMatcher m = IgnoreMatcher.parse("*\n").keepingBuildFiles("./build/Dockerfile.prod");

    assertThat(m.isExcluded(".dockerignore")).isFalse();
    assertThat(m.isExcluded("build/Dockerfile.prod")).isFalse();
    assertThat(m.isExcluded("build/other")).isTrue();
    assertThat(m.patterns()).containsExactly("*", "!.dockerignore", "!build/Dockerfile.prod");
  }

  @Test
  void keepsADockerfileWhoseNameLooksLikeAGlobAsItself() {
    IgnoreMatcher m = IgnoreMatcher.parse("*\n").keepingBuildFiles("Docker[file]*");

    assertThat(m.isExcluded("Docker[file]*")).isFalse();
    assertThat(m.isExcluded("Dockerf")).isTrue();
  }

  @Test
  void keepingBuildFilesChangesNothingWhenTheyAreNotIgnored() {
    IgnoreMatcher m = IgnoreMatcher.parse("*.log\n");

    assertThat(m.keepingBuildFiles("Dockerfile")).isSameAs(m);
    assertThat(m.keepingBuildFiles(null).patterns()).containsExactly("*.log");
  }

  @Test
  void aDockerfileFromStdinIsNotKept() {
    IgnoreMatcher m = IgnoreMatcher.parse("Dockerfile\n").keepingBuildFiles(null);

    assertThat(m.isExcluded("Dockerfile")).isTrue();
  }

  @Test
  void noneExcludesNothing() {
    assertThat(IgnoreMatcher.none().isExcluded("a/b")).isFalse();
    assertThat(IgnoreMatcher.none().canSkipDirectory("a")).isFalse();
    assertThat(IgnoreMatcher.of(List.of("", "  ")).isEmpty()).isTrue();
  }

  @Test
  void aHostilePatternDoesNotBlowUp() {
    IgnoreMatcher m = IgnoreMatcher.of(List.of("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"));

    assertThat(m.isExcluded("a".repeat(5000))).isFalse();
  }

  @Test
  void cleansPathsLikeGo() {
    assertThat(ContextPath.clean("")).isEqualTo(".");
    assertThat(ContextPath.clean("a/../..")).isEqualTo("..");
    assertThat(ContextPath.clean("/../a")).isEqualTo("/a");
    assertThat(ContextPath.clean("../../a/")).isEqualTo("../../a");
    assertThat(ContextPath.clean("./a//b/./c/..")).isEqualTo("a/b");
    assertThat(ContextPath.relative("/")).isEqualTo(".");
    assertThat(ContextPath.relative("//x/y")).isEqualTo("x/y");
  }

  @Test
  void aDockerfileNamedWithBlanksIsKeptAsItselfNotRefused() {
    IgnoreMatcher m = IgnoreMatcher.parse("*\n").keepingBuildFiles(" ");
    assertThat(m.isExcluded(" ")).isFalse();
    m = IgnoreMatcher.parse("*\n").keepingBuildFiles(" Dockerfile ");
    assertThat(m.isExcluded(" Dockerfile ")).isFalse();
    assertThat(m.isExcluded("Dockerfile")).isTrue();
  }
}
