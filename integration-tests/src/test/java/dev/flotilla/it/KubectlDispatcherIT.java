package dev.flotilla.it;

import dev.flotilla.it.support.Kubectl;

import java.nio.file.Path;

/**
 * The kubectl scenarios through {@code kubectl} on PATH, as a user types it. On these machines that is the
 * version dispatcher: it asks our {@code /version} first and then runs the client of the same minor version.
 */
class KubectlDispatcherIT extends KubectlScenarios {

    @Override
    Path kubectlBinary() {
        return Kubectl.dispatcher();
    }
}
