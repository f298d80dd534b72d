package dev.flotilla.demo.local;

import java.util.Objects;

/**
 * One member cluster to start: its name in the federation and where it is (region and zone, the labels placement
 * and DNS group it by).
 */
public record MemberSpec(String name, String region, String zone) {

    /** Names every missing field, so a bad layout fails before anything starts. */
    public MemberSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
    }
}
