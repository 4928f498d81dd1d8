package dev.berth.api.build;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.api.FuzzChecks;
import java.nio.charset.StandardCharsets;

/**
 * A {@code .dockerignore} comes from the repository being built, so the CLI and the daemon match
 * hostile patterns. The input is the file's text, then a NUL, then one context path per line. The
 * only documented refusal is {@link IllegalArgumentException} from compiling a bad pattern;
 * matching never throws, and a directory the walker may skip must hide everything below it.
 */
class IgnoreMatcherFuzzTest {
  @FuzzTest(maxDuration = "3m")
  void match(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int nul = text.indexOf('\0');
    String file = nul < 0 ? text : text.substring(0, nul);
    String paths = nul < 0 ? "" : text.substring(nul + 1);
    IgnoreMatcher m;
    try {
      m = IgnoreMatcher.parse(file);
    } catch (IllegalArgumentException e) {
      FuzzChecks.requireOneLine(e);
      return;
    }
    for (String path : paths.split("\n", -1)) {
      boolean excluded = m.isExcluded(path);
      String rel = ContextPath.relative(path);
      for (int slash = rel.indexOf('/'); slash > 0; slash = rel.indexOf('/', slash + 1)) {
        String dir = rel.substring(0, slash);
        if (m.canSkipDirectory(dir) && !excluded) {
          throw new AssertionError("skipping " + dir + " would lose re-included " + rel
              + " under " + m.patterns());
        }
      }
      m.keepingBuildFiles(path).isExcluded(path);
    }
  }
}
