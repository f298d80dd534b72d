package dev.flotilla.it;

import dev.flotilla.it.support.Kubectl;

import java.nio.file.Path;

/** The kubectl scenarios with the newest real client, {@code kubectl.1.33}, named explicitly. */
class KubectlIT extends KubectlScenarios {

    @Override
    Path kubectlBinary() {
        return Kubectl.newestClient();
    }
}
