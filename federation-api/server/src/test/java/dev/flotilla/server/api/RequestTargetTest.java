package dev.flotilla.server.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTargetTest {

    @Test
    void namespacedPaths() {
        assertThat(RequestTarget.parse("apps", "v1", List.of("namespaces", "shop", "deployments")))
                .isEqualTo(new RequestTarget("apps", "v1", "shop", "deployments", null, null));
        assertThat(RequestTarget.parse("apps", "v1", List.of("namespaces", "shop", "deployments", "web", "scale")))
                .isEqualTo(new RequestTarget("apps", "v1", "shop", "deployments", "web", "scale"));
    }

    @Test
    void namespaceObjectsThemselves() {
        assertThat(RequestTarget.parse("", "v1", List.of("namespaces")))
                .isEqualTo(new RequestTarget("", "v1", null, "namespaces", null, null));
        assertThat(RequestTarget.parse("", "v1", List.of("namespaces", "shop")))
                .isEqualTo(new RequestTarget("", "v1", null, "namespaces", "shop", null));
        assertThat(RequestTarget.parse("", "v1", List.of("namespaces", "shop", "status")))
                .isEqualTo(new RequestTarget("", "v1", null, "namespaces", "shop", "status"));
        assertThat(RequestTarget.parse("", "v1", List.of("namespaces", "shop", "configmaps")))
                .isEqualTo(new RequestTarget("", "v1", "shop", "configmaps", null, null));
    }

    @Test
    void clusterScopedAndAllNamespaces() {
        assertThat(RequestTarget.parse("flotilla.dev", "v1alpha1", List.of("clusters", "eu-1", "status")))
                .isEqualTo(new RequestTarget("flotilla.dev", "v1alpha1", null, "clusters", "eu-1", "status"));
        assertThat(RequestTarget.parse("apps", "v1", List.of("deployments")))
                .isEqualTo(new RequestTarget("apps", "v1", null, "deployments", null, null));
    }

    @Test
    void rejectsPathsThatNameNoResource() {
        assertThat(RequestTarget.parse("apps", "v1", List.of())).isNull();
        assertThat(RequestTarget.parse("apps", "v1", List.of("deployments", "web", "scale", "extra"))).isNull();
        assertThat(RequestTarget.parse("apps", "v1", List.of("namespaces", "shop", "deployments", "web", "scale", "x"))).isNull();
        assertThat(RequestTarget.parse("apps", "v1", List.of("deployments", ""))).isNull();
    }
}
