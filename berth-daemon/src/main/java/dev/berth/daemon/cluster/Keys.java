package dev.berth.daemon.cluster;

/**
 * Where each kind of object lives in the cluster store. Leader-owned and node-owned parts of a task
 * are separate keys ({@code tasks/} and {@code task-status/}), so the two writers never race on one
 * key; names have keys of their own so a transaction can make them unique.
 */
final class Keys {
  static final String ROOT = "/berth/";
  static final String CLUSTER = ROOT + "cluster";
  static final String LEADER = ROOT + "leader";
  static final String NODES = ROOT + "nodes/";
  static final String ALIVE = ROOT + "alive/";
  static final String SERVICES = ROOT + "services/";
  static final String SERVICE_NAMES = ROOT + "names/services/";
  static final String TASKS = ROOT + "tasks/";
  static final String TASK_STATUS = ROOT + "task-status/";
  static final String SECRETS = ROOT + "secrets/";
  static final String SECRET_NAMES = ROOT + "names/secrets/";
  static final String CONFIGS = ROOT + "configs/";
  static final String CONFIG_NAMES = ROOT + "names/configs/";
  static final String NETWORKS = ROOT + "networks/";
  static final String NETWORK_NAMES = ROOT + "names/networks/";

  private Keys() {}
}
