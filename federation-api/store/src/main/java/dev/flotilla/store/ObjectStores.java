package dev.flotilla.store;

/** Opens object stores. */
public final class ObjectStores {

    private ObjectStores() {
    }

    /**
     * Opens (or creates) the durable store in {@code config.dataDir()}: recovers its state from the SQLite log,
     * starts an embedded Hazelcast member and begins serving. Close it to stop Hazelcast and release the file.
     */
    public static DurableObjectStore open(StoreConfig config) {
        return DurableObjectStore.open(config);
    }
}
