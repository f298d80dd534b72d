package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The agent token in a Secret of the member (fabric8's CRUD mock), and the checks of {@code NAMESPACE/NAME}. */
class SecretTokenStoreTest {

  private static final StateSecret STATE = new StateSecret("flotilla-system", "flotilla-agent-state");
  private static final String TOKEN = "flotilla-agent.eu-1." + "ab".repeat(24);

  private MockMember member;
  private SecretTokenStore store;

  @BeforeEach
  void startMember() {
    member = new MockMember();
    store = new SecretTokenStore(member.client, STATE);
  }

  @AfterEach
  void stopMember() {
    member.close();
  }

  private Secret createEmpty() {
    return member.client.secrets().inNamespace(STATE.namespace()).resource(new SecretBuilder().withNewMetadata()
        .withNamespace(STATE.namespace()).withName(STATE.name()).addToLabels(StateSecret.STATE_LABEL, "true")
        .endMetadata().withType("Opaque").build()).create();
  }

  private Secret current() {
    return member.client.secrets().inNamespace(STATE.namespace()).withName(STATE.name()).get();
  }

  @Test
  void anEmptySecretHoldsNoTokenAndASavedOneIsReadBack() {
    createEmpty();
    assertThat(store.load()).isEmpty();

    store.save(TOKEN);

    assertThat(store.load()).contains(TOKEN);
    assertThat(new SecretTokenStore(member.client, STATE).load()).as("a new agent instance").contains(TOKEN);
    Secret saved = current();
    assertThat(new String(Base64.getDecoder().decode(saved.getData().get(StateSecret.TOKEN_KEY)),
        StandardCharsets.UTF_8)).isEqualTo(TOKEN);
    assertThat(saved.getMetadata().getLabels()).containsEntry(StateSecret.STATE_LABEL, "true");
    assertThat(saved.getType()).isEqualTo("Opaque");
  }

  @Test
  void savingReplacesTheTokenAndKeepsOtherKeys() {
    Secret secret = createEmpty();
    secret.setData(new java.util.HashMap<>(java.util.Map.of("note", Base64.getEncoder().encodeToString(
        "kept".getBytes(StandardCharsets.UTF_8)))));
    String before = member.client.secrets().inNamespace(STATE.namespace()).resource(secret).update().getMetadata()
        .getResourceVersion();
    store.save("flotilla-agent.eu-1.old");
    store.save(TOKEN);

    assertThat(store.load()).contains(TOKEN);
    assertThat(current().getData()).containsKey("note");
    assertThat(current().getMetadata().getResourceVersion()).isNotEqualTo(before);
  }

  @Test
  void aMissingSecretIsAClearErrorAndIsNotCreated() {
    assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("state Secret flotilla-system/flotilla-agent-state")
        .hasMessageContaining("does not exist").hasMessageContaining("create it empty");
    assertThatThrownBy(() -> store.save(TOKEN)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not exist").hasMessageNotContaining(TOKEN);
    assertThat(current()).as("the agent may not create Secrets, so it never tries").isNull();
  }

  @Test
  void aCorruptTokenIsAClearError() {
    Secret secret = createEmpty();
    secret.setData(java.util.Map.of(StateSecret.TOKEN_KEY, "%%% not base64 %%%"));
    member.client.secrets().inNamespace(STATE.namespace()).resource(secret).update();
    assertThatThrownBy(store::load).hasMessageContaining("data.agent-token is not base64");
  }

  @Test
  void readsNamespaceSlashName() {
    assertThat(StateSecret.parse("flotilla-system/flotilla-agent-state")).isEqualTo(STATE);
    assertThat(STATE.toString()).isEqualTo("flotilla-system/flotilla-agent-state");
    assertThat(StateSecret.parse("ns/agent.state-1").name()).isEqualTo("agent.state-1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL                   | empty",
      "'  '                   | empty",
      "just-a-name            | is not NAMESPACE/NAME",
      "a/b/c                  | is not NAMESPACE/NAME",
      "/name                  | namespace is empty",
      "ns/                    | name is empty",
      "Upper/name             | namespace 'Upper' is invalid",
      "ns.with.dots/name      | namespace 'ns.with.dots' is invalid",
      "ns/Name_With_Underscore | name 'Name_With_Underscore' is invalid"})
  void badNamesSayWhatIsWrong(String text, String why) {
    assertThatThrownBy(() -> StateSecret.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why);
  }
}
