package dev.berth.daemon.cluster;

import java.util.List;

/**
 * What a service's tasks need from a node: the constraints it must satisfy and the resources it must
 * still have free ({@code --reserve-cpu}, {@code --reserve-memory}).
 */
public record TaskNeeds(List<Constraint> constraints, long nanoCpus, long memoryBytes) {
  public static final TaskNeeds NONE = new TaskNeeds(List.of(), 0, 0);

  public TaskNeeds {
    constraints = List.copyOf(constraints);
  }
}
