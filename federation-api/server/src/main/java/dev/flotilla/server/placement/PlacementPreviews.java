package dev.flotilla.server.placement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.placement.PlacementMapping;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.PlacementPreview;
import dev.flotilla.api.validation.FieldError;
import dev.flotilla.api.validation.FlotillaValidation;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.placement.ClusterInfo;
import dev.flotilla.placement.PlacementEngine;
import dev.flotilla.placement.PlacementRequest;
import dev.flotilla.placement.PlacementResult;
import dev.flotilla.placement.PlacementValidationException;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.api.ApiHandler;
import dev.flotilla.server.api.RequestTarget;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code PlacementPreview}: "where would these replicas go?", answered inline and stored nowhere, like
 * SubjectAccessReview. It runs the very engine the scheduler runs; without hypothetical clusters in the request,
 * over the registered ones.
 */
public final class PlacementPreviews implements ApiHandler.ReviewHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectService objects;
    private final ResourceType clusters;
    private final Clock clock;

    public PlacementPreviews(ObjectService objects, ResourceRegistry registry, Clock clock) {
        this.objects = objects;
        this.clusters = registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, "clusters").orElseThrow();
        this.clock = clock;
    }

    @Override
    public ObjectNode review(RequestTarget target, ObjectNode body) {
        ObjectNode request = body.deepCopy();
        ObjectNode metadata = request.with("metadata");
        if (!metadata.hasNonNull("name") && !metadata.hasNonNull("generateName")) {
            // A review needs no name; give it one so validation and the answer read like any object's.
            metadata.put("name", "preview");
        }
        if (!request.hasNonNull("apiVersion")) {
            request.put("apiVersion", FlotillaApi.API_VERSION);
        }
        if (!request.hasNonNull("kind")) {
            request.put("kind", "PlacementPreview");
        }
        String name = metadata.path("name").asText(metadata.path("generateName").asText(""));
        List<FieldError> errors = FlotillaValidation.validate("PlacementPreview", request);
        if (!errors.isEmpty()) {
            throw invalid(name, errors);
        }
        PlacementPreview preview = FlotillaValidation.convert("PlacementPreview", request);
        PlacementRequest placementRequest = PlacementMapping.toRequest(preview.getSpec(), registeredClusters());
        PlacementResult result;
        try {
            result = PlacementEngine.place(placementRequest);
        } catch (PlacementValidationException e) {
            List<ApiException.Cause> causes = new ArrayList<>();
            e.errors().forEach(error -> causes.add(new ApiException.Cause("FieldValueInvalid",
                    "spec." + error.field(), error.message())));
            throw ApiException.invalid(FlotillaApi.GROUP, "PlacementPreview", name, causes);
        }
        preview.setStatus(PlacementMapping.toStatus(result));
        preview.getMetadata().setUid(UUID.randomUUID().toString());
        preview.getMetadata().setCreationTimestamp(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        return MAPPER.valueToTree(preview);
    }

    private List<ClusterInfo> registeredClusters() {
        List<ClusterInfo> infos = new ArrayList<>();
        for (ObjectNode object : objects.list(clusters, null, ListOptions.all()).items()) {
            Cluster cluster = MAPPER.convertValue(object, Cluster.class);
            infos.add(PlacementMapping.toClusterInfo(cluster));
        }
        return infos;
    }

    private static ApiException invalid(String name, List<FieldError> errors) {
        List<ApiException.Cause> causes = new ArrayList<>();
        for (FieldError error : errors) {
            causes.add(new ApiException.Cause(error.type().reason(), error.field(), error.errorBody()));
        }
        return ApiException.invalid(FlotillaApi.GROUP, "PlacementPreview", name, causes);
    }
}
