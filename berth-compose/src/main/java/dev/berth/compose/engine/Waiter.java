package dev.berth.compose.engine;

import dev.berth.compose.load.ComposeException;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Waits on containers' states: a dependency's {@code depends_on} condition before its dependant
 * starts ({@code service_healthy}, {@code service_completed_successfully}; a failure is a warning
 * when the dependency is {@code required: false}), and {@code up --wait} until every container
 * runs and is healthy where it has a healthcheck.
 */
final class Waiter {
  private final Engine engine;
  private final Progress progress;

  Waiter(Engine engine, Progress progress) {
    this.engine = engine;
    this.progress = progress;
  }

  void dependencies(Project project, Service svc, PrintStream err) throws IOException, InterruptedException {
    for (Map.Entry<String, Object> e : svc.map("depends_on").entrySet()) {
      Map<?, ?> d = (Map<?, ?>) e.getValue();
      String cond = String.valueOf(d.get("condition"));
      boolean required = !Boolean.FALSE.equals(d.get("required"));
      if (cond.equals("service_started") || project.service(e.getKey()) == null) {
        continue;
      }
      try {
        for (Map<String, Object> c : containersOf(project.name(), e.getKey())) {
          String name = ProjectContainers.name(c);
          progress.working("Container", name, "Waiting");
          if (cond.equals("service_healthy")) {
            healthy(ProjectContainers.id(c), name, 0, "dependency failed to start: ");
            progress.done("Container", name, "Healthy");
          } else {
            completed(ProjectContainers.id(c), e.getKey());
            progress.done("Container", name, "Exited");
          }
        }
      } catch (ComposeException ex) {
        if (required) {
          throw ex;
        }
        err.println("WARN[0000] optional dependency \"" + e.getKey() + "\" failed: " + ex.getMessage());
      }
    }
  }

  void waitForProject(Project project, List<String> services, long timeoutSeconds) throws IOException, InterruptedException {
    long deadline = timeoutSeconds > 0 ? System.currentTimeMillis() + timeoutSeconds * 1000 : 0;
    for (String s : services) {
      for (Map<String, Object> c : containersOf(project.name(), s)) {
        String name = ProjectContainers.name(c);
        progress.working("Container", name, "Waiting");
        Map<String, Object> state = state(ProjectContainers.id(c));
        if (state.get("Health") instanceof Map<?, ?>) {
          healthy(ProjectContainers.id(c), name, deadline, "");
          progress.done("Container", name, "Healthy");
        } else {
          if (!Boolean.TRUE.equals(state.get("Running"))) {
            progress.failed("Container", name, "Error");
            throw new ComposeException("container " + name + " exited (" + state.get("ExitCode") + ")");
          }
          progress.done("Container", name, "Healthy");
        }
      }
    }
  }

  private List<Map<String, Object>> containersOf(String project, String service) throws IOException {
    return engine.containers(List.of(Labels.projectFilter(project), Labels.SERVICE + "=" + service, Labels.ONEOFF + "=False"),
        true);
  }

  private void healthy(String id, String name, long deadline, String prefix) throws IOException, InterruptedException {
    while (true) {
      Map<String, Object> state = state(id);
      if (!(state.get("Health") instanceof Map<?, ?> health)) {
        throw new ComposeException("container " + name + " has no healthcheck configured");
      }
      String status = String.valueOf(health.get("Status"));
      if (status.equals("healthy")) {
        return;
      }
      if (status.equals("unhealthy")) {
        progress.failed("Container", name, "Error");
        throw new ComposeException(prefix + "container " + name + " is unhealthy");
      }
      if (!Boolean.TRUE.equals(state.get("Running")) && !"created".equals(state.get("Status"))) {
        progress.failed("Container", name, "Error");
        throw new ComposeException(prefix + "container " + name + " exited (" + state.get("ExitCode") + ")");
      }
      if (deadline > 0 && System.currentTimeMillis() > deadline) {
        throw new ComposeException("timeout waiting for container " + name + " to be healthy");
      }
      Thread.sleep(100);
    }
  }

  private void completed(String id, String service) throws IOException, InterruptedException {
    while (true) {
      Map<String, Object> state = state(id);
      if (!Boolean.TRUE.equals(state.get("Running")) && "exited".equals(state.get("Status"))) {
        long code = state.get("ExitCode") instanceof Number n ? n.longValue() : -1;
        if (code != 0) {
          throw new ComposeException("service \"" + service + "\" didn't complete successfully: exit " + code);
        }
        return;
      }
      Thread.sleep(100);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> state(String id) throws IOException {
    return (Map<String, Object>) engine.inspectContainer(id).get("State");
  }
}
