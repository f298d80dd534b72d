package dev.flotilla.demo;

import dev.flotilla.demo.local.MemberSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayoutTest {

    @Test
    void theDefaultLayoutIsTwoRegionsThreeZonesTwoClustersEach() {
        Layout layout = Layout.generate(2, 3, 6);

        assertThat(layout.members()).containsExactly(
                new MemberSpec("eu-1a-1", "eu-1", "eu-1a"), new MemberSpec("eu-1a-2", "eu-1", "eu-1a"),
                new MemberSpec("eu-1b-1", "eu-1", "eu-1b"), new MemberSpec("eu-1b-2", "eu-1", "eu-1b"),
                new MemberSpec("us-1a-1", "us-1", "us-1a"), new MemberSpec("us-1a-2", "us-1", "us-1a"));
        assertThat(layout.regions()).containsExactly("eu-1", "us-1");
        assertThat(layout.zones()).containsExactly("eu-1a", "eu-1b", "us-1a");
        assertThat(layout.zonesByRegion()).isEqualTo(Map.of("eu-1", List.of("eu-1a", "eu-1b"), "us-1", List.of("us-1a")));
        assertThat(layout.clustersIn("eu-1b")).containsExactly("eu-1b-1", "eu-1b-2");
        assertThat(layout.regionOf("us-1a")).isEqualTo("us-1");
        assertThat(layout.describe())
                .isEqualTo("eu-1 (eu-1a: eu-1a-1 eu-1a-2; eu-1b: eu-1b-1 eu-1b-2), us-1 (us-1a: us-1a-1 us-1a-2)");
    }

    @Test
    void remaindersGoToTheFirstRegionsAndZones() {
        Layout layout = Layout.generate(3, 5, 7);

        assertThat(layout.zonesByRegion()).containsExactly(
                Map.entry("eu-1", List.of("eu-1a", "eu-1b")), Map.entry("us-1", List.of("us-1a", "us-1b")),
                Map.entry("ap-1", List.of("ap-1a")));
        assertThat(layout.clusterNames()).containsExactly("eu-1a-1", "eu-1a-2", "eu-1b-1", "eu-1b-2", "us-1a-1",
                "us-1b-1", "ap-1a-1");
    }

    @Test
    void regionNamesWrapAroundWithTheNextNumber() {
        assertThat(Layout.regionName(0)).isEqualTo("eu-1");
        assertThat(Layout.regionName(7)).isEqualTo("au-1");
        assertThat(Layout.regionName(8)).isEqualTo("eu-2");
    }

    @ParameterizedTest(name = "{0} regions, {1} zones, {2} clusters")
    @CsvSource({"1, 1, 1", "1, 2, 3", "2, 3, 6", "2, 2, 30", "3, 7, 9", "8, 8, 8", "8, 20, 30", "1, 26, 26"})
    void everyRegionHasAZoneAndEveryZoneAClusterWithUniqueValidNames(int regions, int zones, int clusters) {
        Layout layout = Layout.generate(regions, zones, clusters);

        assertThat(layout.regions()).hasSize(regions);
        assertThat(layout.zones()).hasSize(zones);
        assertThat(layout.members()).hasSize(clusters);
        assertThat(new HashSet<>(layout.clusterNames())).hasSize(clusters);
        for (MemberSpec member : layout.members()) {
            assertThat(member.name()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(40)
                    .startsWith(member.zone() + "-");
            assertThat(member.zone()).startsWith(member.region());
        }
        // As even as possible: no zone has two clusters more than another.
        List<Integer> perZone = layout.zones().stream().map(z -> layout.clustersIn(z).size()).toList();
        assertThat(perZone.stream().mapToInt(Integer::intValue).max().orElseThrow()
                - perZone.stream().mapToInt(Integer::intValue).min().orElseThrow()).isLessThanOrEqualTo(1);
        assertThat(Layout.generate(regions, zones, clusters)).isEqualTo(layout);
    }

    @ParameterizedTest(name = "{0} regions, {1} zones, {2} clusters: {3}")
    @CsvSource(delimiter = '|', value = {
        "0 | 1 | 1 | --regions: must be between 1 and 8, got 0",
        "9 | 9 | 9 | --regions: must be between 1 and 8, got 9",
        "3 | 2 | 6 | --zones: every region needs at least one zone, so at least 3 (--regions 3), got 2",
        "1 | 27 | 27 | --zones: at most 26 per region (26 for --regions 1), got 27",
        "2 | 3 | 2 | --clusters: every zone needs at least one cluster, so at least 3 (--zones 3), got 2",
        "2 | 3 | 31 | --clusters: at most 30 (each simulated cluster and its agent run in this JVM), got 31"})
    void countsThatCannotBeLaidOutNameTheirOption(int regions, int zones, int clusters, String message) {
        assertThatThrownBy(() -> Layout.generate(regions, zones, clusters))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
