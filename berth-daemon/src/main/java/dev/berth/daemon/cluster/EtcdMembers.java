package dev.berth.daemon.cluster;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Grows and shrinks the etcd cluster berthd manages: a manager that joins is added as a member
 * before it starts its etcd (etcd's runtime reconfiguration), and one that leaves removes itself.
 */
final class EtcdMembers {
  private EtcdMembers() {}

  /** Adds a member and answers the {@code --initial-cluster} it must start with. */
  static String add(List<String> endpoints, String name, String peerUrl) {
    try (Client c = Client.builder().endpoints(endpoints.toArray(String[]::new)).build()) {
      var added = c.getClusterClient().addMember(List.of(URI.create(peerUrl))).get(10, TimeUnit.SECONDS);
      List<String> parts = new ArrayList<>();
      for (Member m : added.getMembers()) {
        String n = m.getId() == added.getMember().getId() ? name : m.getName();
        for (URI u : m.getPeerURIs()) {
          parts.add(n + "=" + u);
        }
      }
      return String.join(",", parts);
    } catch (Exception e) {
      throw ClusterErrors.storeDown("adding an etcd member: " + e.getMessage());
    }
  }

  static void removeSelf(List<String> endpoints, String name) {
    try (Client c = Client.builder().endpoints(endpoints.toArray(String[]::new)).build()) {
      var members = c.getClusterClient().listMember().get(5, TimeUnit.SECONDS).getMembers();
      if (members.size() <= 1) {
        return;
      }
      for (Member m : members) {
        if (name.equals(m.getName())) {
          c.getClusterClient().removeMember(m.getId()).get(10, TimeUnit.SECONDS);
        }
      }
    } catch (Exception e) {
      throw ClusterErrors.storeDown("removing this etcd member: " + e.getMessage());
    }
  }
}
