package dev.flotilla.simulator;

/**
 * What the simulated control loops reconcile: one object (or, for the scheduler, one cluster-wide pass) named by
 * kind, namespace and name. Events are only hints that a key may need work; the reconciler re-reads the state.
 */
record ObjectKey(Kind kind, String namespace, String name) {

    /** The kinds the simulation keeps; {@link #SCHEDULING} is a pseudo-kind for one scheduling pass over all Pods. */
    enum Kind { DEPLOYMENT, REPLICA_SET, STATEFUL_SET, POD, SERVICE, NODE, NAMESPACE, SCHEDULING }

    /** The single key of the scheduling pass. */
    static final ObjectKey SCHEDULER = new ObjectKey(Kind.SCHEDULING, "", "pending-pods");

    static ObjectKey of(Kind kind, io.fabric8.kubernetes.api.model.HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return new ObjectKey(kind, namespace == null ? "" : namespace, object.getMetadata().getName());
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
}
