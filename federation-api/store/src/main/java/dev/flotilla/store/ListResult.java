package dev.flotilla.store;

import java.util.List;

/**
 * A page of a list: the items in key order, the revision the list is consistent at, and, when more items
 * follow, the path of the last key returned (to pass back as {@code startAfter} at the same revision).
 */
public record ListResult(List<StoredObject> items, long revision, String continueAfter) {

    public boolean hasMore() {
        return continueAfter != null;
    }
}
