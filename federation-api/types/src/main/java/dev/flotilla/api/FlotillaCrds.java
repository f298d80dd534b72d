package dev.flotilla.api;

import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.DNSRecordSet;
import dev.flotilla.api.v1alpha1.ClusterOverridePolicy;
import dev.flotilla.api.v1alpha1.ClusterPropagationPolicy;
import dev.flotilla.api.v1alpha1.ClusterResourceBinding;
import dev.flotilla.api.v1alpha1.OverridePolicy;
import dev.flotilla.api.v1alpha1.PlacementPreview;
import dev.flotilla.api.v1alpha1.PropagationPolicy;
import dev.flotilla.api.v1alpha1.ResourceBinding;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The CustomResourceDefinitions of the Flotilla kinds, generated at build time by fabric8's crd-generator into
 * this jar at {@code META-INF/fabric8/<plural>.flotilla.dev-v1.yml}, read back as fabric8 objects.
 *
 * <p>{@link #load(Class)} corrects two things the generator cannot express: it lists printer columns in the order
 * their {@code @AdditionalPrinterColumn} annotations are declared (the generator sorts them by JSON path, which
 * would put AGE first), and it drops the {@code status} subresource of review-style kinds (PlacementPreview is
 * create-only and has no {@code /status}). The server should read the CRDs through this class.
 */
public final class FlotillaCrds {

  /** Where the generator puts the CRD files on the classpath. */
  public static final String RESOURCE_DIRECTORY = "META-INF/fabric8/";

  /** Every Flotilla kind's class, in the order of {@link FlotillaApi#KINDS}. */
  public static final List<Class<? extends HasMetadata>> TYPES = List.of(Cluster.class, PropagationPolicy.class,
      ClusterPropagationPolicy.class, OverridePolicy.class, ClusterOverridePolicy.class, ResourceBinding.class,
      ClusterResourceBinding.class, Work.class, PlacementPreview.class, DNSRecordSet.class);

  /** Kinds answered inline on create and never stored, so without a status subresource. */
  public static final Set<Class<? extends HasMetadata>> REVIEW_TYPES = Set.of(PlacementPreview.class);

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private FlotillaCrds() {
  }

  /**
   * The classpath resource of a kind's CRD.
   *
   * @param type a Flotilla kind's class
   * @return e.g. {@code META-INF/fabric8/clusters.flotilla.dev-v1.yml}
   */
  public static String resourcePath(Class<? extends HasMetadata> type) {
    return RESOURCE_DIRECTORY + HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type) + "-v1.yml";
  }

  /**
   * Loads every Flotilla CRD.
   *
   * @return the CRDs, in the order of {@link #TYPES}
   * @throws IllegalStateException if a CRD is missing from the classpath (a broken build)
   */
  public static List<CustomResourceDefinition> loadAll() {
    List<CustomResourceDefinition> all = new ArrayList<>();
    for (Class<? extends HasMetadata> type : TYPES) {
      all.add(load(type));
    }
    return all;
  }

  /**
   * Loads one kind's CRD, with printer columns in declaration order and no status subresource for review kinds.
   *
   * @param type a Flotilla kind's class
   * @return the CRD
   * @throws IllegalStateException if the CRD is missing from the classpath (a broken build)
   */
  public static CustomResourceDefinition load(Class<? extends HasMetadata> type) {
    String path = resourcePath(type);
    CustomResourceDefinition crd;
    try (InputStream in = FlotillaCrds.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + path + " is not on the classpath; was the types module built "
            + "with the crd-generator plugin?");
      }
      crd = SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    List<String> declared = new ArrayList<>();
    for (AdditionalPrinterColumn column : type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      declared.add(column.name());
    }
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (version.getAdditionalPrinterColumns() != null) {
        List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
        columns.sort(Comparator.comparingInt(column -> {
          int index = declared.indexOf(column.getName());
          return index < 0 ? Integer.MAX_VALUE : index;
        }));
        version.setAdditionalPrinterColumns(columns);
      }
      if (REVIEW_TYPES.contains(type) && version.getSubresources() != null) {
        version.getSubresources().setStatus(null);
        if (version.getSubresources().getScale() == null) {
          version.setSubresources(null);
        }
      }
    }
    return crd;
  }
}
