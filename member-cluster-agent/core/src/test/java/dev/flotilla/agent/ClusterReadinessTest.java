package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterReadinessTest {

  @Test
  void oneBlipDoesNotMakeAReadyMemberNotReady() {
    ClusterReadiness readiness = new ClusterReadiness(3);
    assertThat(readiness.reached(3, 3).status()).isEqualTo("True");
    assertThat(readiness.unreachable("connection refused").status()).isEqualTo("True");
    assertThat(readiness.unreachable("connection refused").status()).isEqualTo("True");
    var down = readiness.unreachable("connection refused");
    assertThat(down.status()).isEqualTo("False");
    assertThat(down.reason()).isEqualTo(ClusterReadiness.REASON_UNREACHABLE);
    assertThat(down.message()).contains("3 probe(s) in a row").contains("connection refused");
    assertThat(readiness.reached(3, 1).status()).isEqualTo("True");
    assertThat(readiness.consecutiveFailures()).isZero();
  }

  @Test
  void anUnreachableMemberAtStartIsNotReadyAtOnce() {
    ClusterReadiness readiness = new ClusterReadiness(3);
    assertThat(readiness.current().status()).isEqualTo("Unknown");
    assertThat(readiness.unreachable("timeout").status()).isEqualTo("False");
  }

  @Test
  void noReadyNodeIsNotReadyWithTheReason() {
    ClusterReadiness readiness = new ClusterReadiness(1);
    assertThat(readiness.reached(2, 0).message()).isEqualTo("none of the member's 2 nodes is Ready");
    assertThat(readiness.reached(0, 0).message()).isEqualTo("the member has no nodes");
    assertThat(readiness.current().reason()).isEqualTo(ClusterReadiness.REASON_NO_READY_NODE);
    assertThatThrownBy(() -> new ClusterReadiness(0)).hasMessageContaining("failureThreshold");
  }
}
