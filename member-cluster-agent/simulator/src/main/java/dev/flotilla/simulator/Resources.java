package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * CPU (millicores) and memory (bytes) as the scheduler counts them. A container's request defaults to its limit
 * when only the limit is given, as Kubernetes defaults it; init containers count by their largest request.
 */
record Resources(long cpuMillis, long memoryBytes) {

    static final Resources NONE = new Resources(0, 0);

    Resources plus(Resources other) {
        return new Resources(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes);
    }

    Resources max(Resources other) {
        return new Resources(Math.max(cpuMillis, other.cpuMillis), Math.max(memoryBytes, other.memoryBytes));
    }

    /** What a Pod asks for: the sum over its containers, or the largest init container if that is more. */
    static Resources requestsOf(PodSpec spec) {
        if (spec == null) {
            return NONE;
        }
        Resources containers = sum(spec.getContainers());
        Resources largestInit = NONE;
        for (Container init : nullToEmpty(spec.getInitContainers())) {
            largestInit = largestInit.max(requestsOf(init));
        }
        return containers.max(largestInit);
    }

    private static Resources sum(List<Container> containers) {
        Resources total = NONE;
        for (Container container : nullToEmpty(containers)) {
            total = total.plus(requestsOf(container));
        }
        return total;
    }

    static Resources requestsOf(Container container) {
        if (container.getResources() == null) {
            return NONE;
        }
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        return new Resources(cpuMillis(pick(requests, limits, "cpu")), bytes(pick(requests, limits, "memory")));
    }

    private static Quantity pick(Map<String, Quantity> requests, Map<String, Quantity> limits, String resource) {
        if (requests != null && requests.get(resource) != null) {
            return requests.get(resource);
        }
        return limits == null ? null : limits.get(resource);
    }

    /** Millicores of a CPU quantity ("2", "500m"), rounded up as Kubernetes does. */
    static long cpuMillis(Quantity quantity) {
        if (quantity == null) {
            return 0;
        }
        BigDecimal cores = Quantity.getAmountInBytes(quantity);
        return cores.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Bytes of a memory quantity ("32Gi", "512M"), rounded up. */
    static long bytes(Quantity quantity) {
        if (quantity == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
