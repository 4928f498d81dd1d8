package dev.berth.daemon.build;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.api.build.IgnoreMatcher;
import dev.berth.daemon.FuzzChecks;
import dev.berth.daemon.FuzzTempDir;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A build context is a tar from the client, made from a repository that may be hostile. It is
 * received as {@code POST /build} receives it (spooled into a private temporary directory and
 * indexed), filtered by its own {@code .dockerignore}, and every file is read back. The context
 * is not unpacked as files here: that path writes through symlinks today (issue 10) and is being
 * replaced by one rooted extractor. The documented refusals are a one-line {@link IOException} or
 * {@link BuildException}; the spool is removed on close whatever happens.
 */
class BuildContextFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void receive(byte[] input) {
    Path parent = FuzzTempDir.get();
    try (BuildContext ctx = BuildContext.receive(new ByteArrayInputStream(input), parent)) {
      BuildContext.Entry ignore = ctx.entry(".dockerignore");
      if (ignore != null && ignore.type() == BuildContext.Type.FILE) {
        try {
          ctx.exclude(IgnoreMatcher.parse(new String(ctx.read(ignore), StandardCharsets.UTF_8))
              .keepingBuildFiles("Dockerfile"));
        } catch (IllegalArgumentException e) {
          FuzzChecks.requireOneLine(e);
        }
      }
      for (BuildContext.Entry e : java.util.List.copyOf(ctx.entries())) {
        if (e.type() == BuildContext.Type.FILE || e.type() == BuildContext.Type.HARDLINK) {
          try {
            ctx.read(e);
            try (InputStream in = ctx.open(e)) {
              in.transferTo(java.io.OutputStream.nullOutputStream());
            }
          } catch (IOException notAFile) {
            FuzzChecks.requireOneLine(new IllegalStateException(notAFile.getMessage(), notAFile));
          }
        }
      }
    } catch (IOException e) {
      FuzzChecks.requireOneLine(new IllegalStateException(String.valueOf(e.getMessage()), e));
    } catch (BuildException e) {
      FuzzChecks.requireOneLine(e);
    }
    FuzzTempDir.requireEmpty(parent);
  }
}
