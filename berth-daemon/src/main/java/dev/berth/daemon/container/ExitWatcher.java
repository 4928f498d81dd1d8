package dev.berth.daemon.container;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches conmon's exit directory (inotify through the JDK's WatchService): a file named after a
 * container appears when that container exits, holding its exit code.
 */
public final class ExitWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
  private final WatchService watcher;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread thread;

  public ExitWatcher(Path exitDir, ContainerService containers) throws IOException {
    this.watcher = FileSystems.getDefault().newWatchService();
    exitDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    this.thread = Thread.ofPlatform().daemon().name("exit-watcher").start(() -> loop(containers));
  }

  private void loop(ContainerService containers) {
    try {
      while (true) {
        WatchKey key = watcher.take();
        for (WatchEvent<?> e : key.pollEvents()) {
          if (e.context() instanceof Path p) {
            String id = p.getFileName().toString();
            if (id.length() == 64) {
              handlers.execute(() -> containers.onExit(id));
            }
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // shutting down
    } catch (RuntimeException e) {
      LOG.error("exit watcher stopped", e);
    }
  }

  @Override
  public void close() throws IOException {
    watcher.close();
    thread.interrupt();
    handlers.shutdown();
    try {
      // exits being recorded finish before the store closes
      handlers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
