package dev.flotilla.placement;

/**
 * Karmada's {@code spreadConstraints} entry: spread the selected clusters over at least {@code minGroups} and at
 * most {@code maxGroups} distinct values of {@code spreadByField}.
 *
 * @param spreadByField {@value #CLUSTER}, {@value #REGION} or {@value #ZONE}
 * @param maxGroups     most groups to use; null = no upper bound
 * @param minGroups     fewest groups wanted; null = 1
 */
public record SpreadConstraint(String spreadByField, Integer maxGroups, Integer minGroups) {
  public static final String CLUSTER = "cluster";
  public static final String REGION = "region";
  public static final String ZONE = "zone";
}
