package dev.flotilla.agent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.UUID;

/**
 * The member cluster's own identity, which lets the control plane tell "the same member coming back" from "another
 * member taking the name": a random UUID kept in the member itself, in ConfigMap
 * {@code kube-system/flotilla-member-id} (key {@code id}), created by the first agent that finds none.
 *
 * <p>It lives in the member, not in the agent's state, so a reinstalled agent (new state directory) is still
 * recognised, while a different cluster (with its own ConfigMap) is not. The uid of the {@code kube-system}
 * namespace, the usual choice, is not used: simulated members hand out the same uids in every process.
 */
public final class MemberIdentity {

  /** Namespace of the identity ConfigMap. */
  public static final String NAMESPACE = "kube-system";
  /** Name of the identity ConfigMap. */
  public static final String CONFIG_MAP = "flotilla-member-id";
  /** Key of the identity in the ConfigMap's data. */
  public static final String KEY = "id";

  private MemberIdentity() {
  }

  /**
   * Reads the member's identity, creating it on first use. Two agents racing to create it agree: the loser reads
   * the winner's.
   *
   * @param member a client of the member cluster
   * @return the identity
   * @throws KubernetesClientException when the member cannot be read or written
   */
  public static String readOrCreate(KubernetesClient member) {
    String existing = read(member);
    if (existing != null) {
      return existing;
    }
    ConfigMap map = new ConfigMapBuilder()
        .withNewMetadata().withNamespace(NAMESPACE).withName(CONFIG_MAP)
        .addToLabels(dev.flotilla.api.FlotillaApi.LABEL_MANAGED_BY, dev.flotilla.api.FlotillaApi.MANAGED_BY_VALUE)
        .endMetadata()
        .addToData(KEY, UUID.randomUUID().toString())
        .build();
    try {
      return member.configMaps().inNamespace(NAMESPACE).resource(map).create().getData().get(KEY);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        String winner = read(member);
        if (winner != null) {
          return winner;
        }
      }
      throw e;
    }
  }

  private static String read(KubernetesClient member) {
    ConfigMap map = member.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get();
    if (map == null || map.getData() == null) {
      return null;
    }
    String id = map.getData().get(KEY);
    return id == null || id.isBlank() ? null : id.trim();
  }
}
