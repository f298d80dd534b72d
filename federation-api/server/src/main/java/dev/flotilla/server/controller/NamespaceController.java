package dev.flotilla.server.controller;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.store.ObjectKey;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Empties a terminating Namespace, then lets it go: deletes every object in it (objects with finalizers are
 * only marked and wait for their controllers), and once nothing is left removes the {@code kubernetes}
 * finalizer, which deletes the Namespace itself. The same job as kube-controller-manager's namespace controller.
 */
public final class NamespaceController implements Reconciler {

    private static final Logger LOG = Logger.getLogger(NamespaceController.class);
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final ObjectService objects;
    private final ResourceRegistry registry;
    private final ResourceType namespaces;

    public NamespaceController(ObjectService objects, ResourceRegistry registry) {
        this.objects = objects;
        this.registry = registry;
        this.namespaces = registry.byResource("", "v1", "namespaces").orElseThrow();
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Optional<ObjectNode> found = objects.find(namespaces, null, key.name());
        if (found.isEmpty() || !found.get().path("metadata").hasNonNull("deletionTimestamp")) {
            return Result.DONE;
        }
        String namespace = key.name();
        int remaining = 0;
        for (ResourceType type : registry.all()) {
            if (type.namespaced()) {
                remaining += objects.deleteAll(type, namespace);
            }
        }
        if (remaining > 0) {
            LOG.debugf("namespace %s: %d objects still being deleted", namespace, remaining);
            return Result.after(RECHECK);
        }
        try {
            objects.mutate(namespaces, null, namespace, null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT, ns -> {
                ArrayNode finalizers = ns.with("spec").withArray("finalizers");
                for (int i = finalizers.size() - 1; i >= 0; i--) {
                    if (finalizers.get(i).asText().equals("kubernetes")) {
                        finalizers.remove(i);
                    }
                }
                return ns;
            });
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
        LOG.infof("namespace %s deleted", namespace);
        return Result.DONE;
    }
}
