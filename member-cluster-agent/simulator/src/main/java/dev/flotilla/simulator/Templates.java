package dev.flotilla.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;

/**
 * Names and hashes derived from Pod templates, in the style of Kubernetes: a ReplicaSet is named
 * {@code <deployment>-<template hash>} and its Pods {@code <replicaset>-<5 random characters>}, from an alphabet
 * without vowels so that no word is spelled by accident.
 */
final class Templates {

    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper CANONICAL = Serialization.jsonMapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final Random RANDOM = new SecureRandom();

    private Templates() {
    }

    /**
     * A stable hash of a Pod template: the same template gives the same hash whatever the order of its labels or
     * fields, so a re-applied unchanged Deployment does not roll out.
     */
    static String hash(PodTemplateSpec template) {
        byte[] canonical;
        try {
            Map<?, ?> tree = CANONICAL.convertValue(template, Map.class);
            canonical = CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise a Pod template: " + e.getMessage(), e);
        }
        int fnv = 0x811c9dc5;
        for (byte b : canonical) {
            fnv ^= b & 0xff;
            fnv *= 0x01000193;
        }
        return encode(Integer.toUnsignedLong(fnv), 10);
    }

    /** Five random characters from the safe alphabet, for Pod names. */
    static String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(SAFE_ALPHABET.charAt(RANDOM.nextInt(SAFE_ALPHABET.length())));
        }
        return suffix.toString();
    }

    private static String encode(long value, int length) {
        StringBuilder out = new StringBuilder(length);
        long rest = value;
        for (int i = 0; i < length; i++) {
            out.append(SAFE_ALPHABET.charAt((int) (rest % SAFE_ALPHABET.length())));
            rest /= SAFE_ALPHABET.length();
            if (rest == 0) {
                break;
            }
        }
        return out.toString();
    }
}
