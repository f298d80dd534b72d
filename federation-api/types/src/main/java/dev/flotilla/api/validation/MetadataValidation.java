package dev.flotilla.api.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kubernetes' object-metadata checks ({@code ValidateObjectMeta}, {@code ValidateLabels},
 * {@code ValidateAnnotations}, label selectors), for any kind: the server calls these for native kinds too.
 */
public final class MetadataValidation {

  private static final FieldPath METADATA = FieldPath.root("metadata");
  private static final List<String> SELECTOR_OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

  private MetadataValidation() {
  }

  /**
   * Validates an object's metadata as the Kubernetes API server does on create: name (or generateName), namespace
   * presence by scope, generation, labels, annotations (keys and total size), finalizers and owner references.
   *
   * @param meta the metadata; null is reported as missing name
   * @param namespaced whether the kind is namespaced (namespace required) or cluster-scoped (namespace forbidden)
   * @param nameValidator the rule for names of this kind, e.g. {@link NameValidation#DNS1123_SUBDOMAIN_NAME}
   * @return the errors, on paths under {@code metadata}
   */
  public static List<FieldError> validateObjectMeta(ObjectMeta meta, boolean namespaced,
      NameValidation.NameValidator nameValidator) {
    List<FieldError> errors = new ArrayList<>();
    ObjectMeta m = meta == null ? new ObjectMeta() : meta;
    if (notEmpty(m.getGenerateName())) {
      for (String msg : nameValidator.validate(m.getGenerateName(), true)) {
        errors.add(FieldError.invalid(METADATA.child("generateName"), m.getGenerateName(), msg));
      }
    }
    if (!notEmpty(m.getName())) {
      if (!notEmpty(m.getGenerateName())) {
        errors.add(FieldError.required(METADATA.child("name"), "name or generateName is required"));
      }
    } else {
      for (String msg : nameValidator.validate(m.getName(), false)) {
        errors.add(FieldError.invalid(METADATA.child("name"), m.getName(), msg));
      }
    }
    if (namespaced) {
      if (!notEmpty(m.getNamespace())) {
        errors.add(FieldError.required(METADATA.child("namespace"), ""));
      } else {
        for (String msg : NameValidation.isDns1123Label(m.getNamespace())) {
          errors.add(FieldError.invalid(METADATA.child("namespace"), m.getNamespace(), msg));
        }
      }
    } else if (notEmpty(m.getNamespace())) {
      errors.add(FieldError.forbidden(METADATA.child("namespace"), "not allowed on this type"));
    }
    if (m.getGeneration() != null && m.getGeneration() < 0) {
      errors.add(FieldError.invalid(METADATA.child("generation"), m.getGeneration(),
          "must be greater than or equal to 0"));
    }
    errors.addAll(validateLabels(m.getLabels(), METADATA.child("labels")));
    errors.addAll(validateAnnotations(m.getAnnotations(), METADATA.child("annotations")));
    errors.addAll(validateFinalizers(m.getFinalizers(), METADATA.child("finalizers")));
    errors.addAll(validateOwnerReferences(m.getOwnerReferences(), METADATA.child("ownerReferences")));
    return errors;
  }

  /**
   * Validates labels: keys are qualified names, values label values.
   *
   * @param labels the labels, may be null
   * @param path where they live, e.g. {@code metadata.labels}
   * @return the errors (key errors on {@code path}, value errors on {@code path[key]}, as Kubernetes reports them)
   */
  public static List<FieldError> validateLabels(Map<String, String> labels, FieldPath path) {
    List<FieldError> errors = new ArrayList<>();
    if (labels == null) {
      return errors;
    }
    for (Map.Entry<String, String> entry : new TreeMap<>(nullSafeKeys(labels)).entrySet()) {
      for (String msg : NameValidation.isQualifiedName(entry.getKey())) {
        errors.add(FieldError.invalid(path, entry.getKey(), msg));
      }
      String value = entry.getValue() == null ? "" : entry.getValue();
      for (String msg : NameValidation.isValidLabelValue(value)) {
        errors.add(FieldError.invalid(path.key(entry.getKey()), value, msg));
      }
    }
    return errors;
  }

  /**
   * Validates annotations: keys are qualified names (compared in lower case), and keys plus values together are at
   * most 256 KiB.
   *
   * @param annotations the annotations, may be null
   * @param path where they live, e.g. {@code metadata.annotations}
   * @return the errors
   */
  public static List<FieldError> validateAnnotations(Map<String, String> annotations, FieldPath path) {
    List<FieldError> errors = new ArrayList<>();
    if (annotations == null) {
      return errors;
    }
    long total = 0;
    for (Map.Entry<String, String> entry : new TreeMap<>(nullSafeKeys(annotations)).entrySet()) {
      for (String msg : NameValidation.isQualifiedName(entry.getKey().toLowerCase(Locale.ROOT))) {
        errors.add(FieldError.invalid(path, entry.getKey(), msg));
      }
      total += entry.getKey().getBytes(StandardCharsets.UTF_8).length;
      total += entry.getValue() == null ? 0 : entry.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > NameValidation.TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
      errors.add(FieldError.tooLong(path, "", NameValidation.TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
    }
    return errors;
  }

  /**
   * Validates finalizers: each a qualified name, none repeated.
   *
   * @param finalizers the finalizers, may be null
   * @param path where they live
   * @return the errors
   */
  public static List<FieldError> validateFinalizers(List<String> finalizers, FieldPath path) {
    List<FieldError> errors = new ArrayList<>();
    if (finalizers == null) {
      return errors;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < finalizers.size(); i++) {
      String finalizer = finalizers.get(i) == null ? "" : finalizers.get(i);
      for (String msg : NameValidation.isQualifiedName(finalizer)) {
        errors.add(FieldError.invalid(path.index(i), finalizer, msg));
      }
      if (!seen.add(finalizer)) {
        errors.add(FieldError.duplicate(path.index(i), finalizer));
      }
    }
    return errors;
  }

  private static List<FieldError> validateOwnerReferences(List<OwnerReference> refs, FieldPath path) {
    List<FieldError> errors = new ArrayList<>();
    if (refs == null) {
      return errors;
    }
    int controllers = 0;
    for (int i = 0; i < refs.size(); i++) {
      OwnerReference ref = refs.get(i);
      FieldPath p = path.index(i);
      if (ref == null) {
        errors.add(FieldError.required(p, ""));
        continue;
      }
      if (!notEmpty(ref.getApiVersion())) {
        errors.add(FieldError.invalid(p.child("apiVersion"), ref.getApiVersion(), "version must not be empty"));
      }
      if (!notEmpty(ref.getKind())) {
        errors.add(FieldError.invalid(p.child("kind"), ref.getKind(), "must not be empty"));
      }
      if (!notEmpty(ref.getName())) {
        errors.add(FieldError.invalid(p.child("name"), ref.getName(), "must not be empty"));
      }
      if (!notEmpty(ref.getUid())) {
        errors.add(FieldError.invalid(p.child("uid"), ref.getUid(), "must not be empty"));
      }
      if (Boolean.TRUE.equals(ref.getController())) {
        controllers++;
      }
    }
    if (controllers > 1) {
      errors.add(FieldError.invalid(path, refs.size(), "Only one reference can have Controller set to true"));
    }
    return errors;
  }

  /**
   * Validates a label selector: matchLabels as labels, matchExpressions with a qualified-name key, operator
   * In|NotIn|Exists|DoesNotExist, values required for In/NotIn and forbidden for Exists/DoesNotExist.
   *
   * @param selector the selector, may be null
   * @param path where it lives
   * @return the errors
   */
  public static List<FieldError> validateLabelSelector(LabelSelector selector, FieldPath path) {
    List<FieldError> errors = new ArrayList<>();
    if (selector == null) {
      return errors;
    }
    errors.addAll(validateLabels(selector.getMatchLabels(), path.child("matchLabels")));
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    if (expressions == null) {
      return errors;
    }
    for (int i = 0; i < expressions.size(); i++) {
      LabelSelectorRequirement req = expressions.get(i);
      FieldPath p = path.child("matchExpressions").index(i);
      if (req == null) {
        errors.add(FieldError.required(p, ""));
        continue;
      }
      if (!notEmpty(req.getKey())) {
        errors.add(FieldError.required(p.child("key"), ""));
      } else {
        for (String msg : NameValidation.isQualifiedName(req.getKey())) {
          errors.add(FieldError.invalid(p.child("key"), req.getKey(), msg));
        }
      }
      int values = req.getValues() == null ? 0 : req.getValues().size();
      String op = req.getOperator();
      if (!notEmpty(op)) {
        errors.add(FieldError.required(p.child("operator"), ""));
      } else if (!SELECTOR_OPERATORS.contains(op)) {
        errors.add(FieldError.notSupported(p.child("operator"), op, SELECTOR_OPERATORS));
      } else if ((op.equals("In") || op.equals("NotIn")) && values == 0) {
        errors.add(FieldError.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && values > 0) {
        errors.add(FieldError.forbidden(p.child("values"),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      if (req.getValues() != null) {
        for (int j = 0; j < req.getValues().size(); j++) {
          String value = req.getValues().get(j) == null ? "" : req.getValues().get(j);
          for (String msg : NameValidation.isValidLabelValue(value)) {
            errors.add(FieldError.invalid(p.child("values").index(j), value, msg));
          }
        }
      }
    }
    return errors;
  }

  static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static Map<String, String> nullSafeKeys(Map<String, String> map) {
    Map<String, String> copy = new TreeMap<>();
    map.forEach((k, v) -> copy.put(k == null ? "" : k, v));
    return copy;
  }
}
