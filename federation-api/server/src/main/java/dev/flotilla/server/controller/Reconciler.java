package dev.flotilla.server.controller;

import dev.flotilla.store.ObjectKey;

import java.time.Duration;

/**
 * One controller's logic, level-triggered: given a key, read the desired and observed state, act, and say whether
 * to look again. Events only say which key to look at; a reconcile never asks what changed.
 */
public interface Reconciler {

    /** What a reconcile asks for next. */
    record Result(Duration requeueAfter) {
        public static final Result DONE = new Result(null);

        public static Result after(Duration delay) {
            return new Result(delay);
        }
    }

    Result reconcile(ObjectKey key) throws Exception;
}
