package dev.flotilla.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes' name and label checks (k8s.io/apimachinery/pkg/util/validation), with its messages word for word.
 * Each check returns the list of problems (empty when valid), as the Go functions do, so callers can turn each into
 * a {@link FieldError} on the right field. Generic: the server uses these for native kinds too.
 */
public final class NameValidation {

  /** Longest DNS-1123 label (namespace names, Service names, ...). */
  public static final int DNS1123_LABEL_MAX_LENGTH = 63;
  /** Longest DNS-1123 subdomain (most object names). */
  public static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
  /** Longest name part of a qualified name (label and annotation keys). */
  public static final int QUALIFIED_NAME_MAX_LENGTH = 63;
  /** Longest label value. */
  public static final int LABEL_VALUE_MAX_LENGTH = 63;
  /** Largest total size of an object's annotations, keys plus values, in bytes (256 KiB). */
  public static final int TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

  static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  static final String DNS1123_LABEL_ERR_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
      + "characters or '-', and must start and end with an alphanumeric character";
  static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  static final String DNS1123_SUBDOMAIN_ERR_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  static final String QUALIFIED_NAME_CHAR_FMT = "[A-Za-z0-9]";
  static final String QUALIFIED_NAME_EXT_CHAR_FMT = "[-A-Za-z0-9_.]";
  static final String QUALIFIED_NAME_FMT =
      "(" + QUALIFIED_NAME_CHAR_FMT + QUALIFIED_NAME_EXT_CHAR_FMT + "*)?" + QUALIFIED_NAME_CHAR_FMT;
  static final String QUALIFIED_NAME_ERR_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must "
      + "start and end with an alphanumeric character";
  static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  static final String LABEL_VALUE_ERR_MSG = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";

  private static final Pattern DNS1123_LABEL = Pattern.compile("^" + DNS1123_LABEL_FMT + "$");
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN_FMT + "$");
  private static final Pattern QUALIFIED_NAME = Pattern.compile("^" + QUALIFIED_NAME_FMT + "$");
  private static final Pattern LABEL_VALUE = Pattern.compile("^" + LABEL_VALUE_FMT + "$");

  /**
   * Checks an object name (or a generateName prefix) and returns the problems; the shape of Kubernetes'
   * {@code ValidateNameFunc}.
   */
  @FunctionalInterface
  public interface NameValidator {
    /**
     * @param name the name, or the generateName prefix
     * @param prefix true when {@code name} is a generateName prefix (a trailing '-' is then allowed)
     * @return the problems, empty when valid
     */
    List<String> validate(String name, boolean prefix);
  }

  /** Names that must be DNS-1123 subdomains (most kinds). */
  public static final NameValidator DNS1123_SUBDOMAIN_NAME = (name, prefix) ->
      isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
  /** Names that must be DNS-1123 labels (Namespace, Service, Cluster, ...). */
  public static final NameValidator DNS1123_LABEL_NAME = (name, prefix) ->
      isDns1123Label(prefix ? maskTrailingDash(name) : name);
  /** Names that need only be usable as a URL path segment (kinds with no stricter rule). */
  public static final NameValidator PATH_SEGMENT_NAME = (name, prefix) -> isValidPathSegmentName(name);

  private NameValidation() {
  }

  /**
   * DNS-1123 label: at most 63 characters, lower-case alphanumerics and '-', alphanumeric at both ends.
   *
   * @param value the candidate
   * @return the problems, empty when valid
   */
  public static List<String> isDns1123Label(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > DNS1123_LABEL_MAX_LENGTH) {
      errors.add(maxLenError(DNS1123_LABEL_MAX_LENGTH));
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      errors.add(regexError(DNS1123_LABEL_ERR_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
    }
    return errors;
  }

  /**
   * DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123 labels.
   *
   * @param value the candidate
   * @return the problems, empty when valid
   */
  public static List<String> isDns1123Subdomain(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > DNS1123_SUBDOMAIN_MAX_LENGTH) {
      errors.add(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errors.add(regexError(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errors;
  }

  /**
   * A qualified name, as label and annotation keys must be: an optional DNS-1123 subdomain prefix and '/', then a
   * name of at most 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends.
   *
   * @param value the candidate
   * @return the problems, empty when valid
   */
  public static List<String> isQualifiedName(String value) {
    List<String> errors = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errors.add("prefix part " + emptyError());
      } else {
        for (String msg : isDns1123Subdomain(prefix)) {
          errors.add("prefix part " + msg);
        }
      }
    } else {
      errors.add("a qualified name " + regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name",
          "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errors;
    }
    if (name.isEmpty()) {
      errors.add("name part " + emptyError());
    } else if (name.length() > QUALIFIED_NAME_MAX_LENGTH) {
      errors.add("name part " + maxLenError(QUALIFIED_NAME_MAX_LENGTH));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errors.add("name part " + regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name",
          "123-abc"));
    }
    return errors;
  }

  /**
   * A label value: empty, or at most 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends.
   *
   * @param value the candidate
   * @return the problems, empty when valid
   */
  public static List<String> isValidLabelValue(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > LABEL_VALUE_MAX_LENGTH) {
      errors.add(maxLenError(LABEL_VALUE_MAX_LENGTH));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errors.add(regexError(LABEL_VALUE_ERR_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errors;
  }

  /**
   * A name usable as one segment of a URL path: not "." or "..", no '/' or '%'.
   *
   * @param value the candidate
   * @return the problems, empty when valid
   */
  public static List<String> isValidPathSegmentName(String value) {
    List<String> errors = new ArrayList<>();
    if (value.equals(".") || value.equals("..")) {
      errors.add("may not be '" + value + "'");
      return errors;
    }
    if (value.contains("/")) {
      errors.add("may not contain '/'");
    }
    if (value.contains("%")) {
      errors.add("may not contain '%'");
    }
    return errors;
  }

  /**
   * Kubernetes' {@code MaxLenError}.
   *
   * @param length the limit
   * @return {@code must be no more than N characters}
   */
  public static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  /**
   * Kubernetes' {@code EmptyError}.
   *
   * @return {@code must be non-empty}
   */
  public static String emptyError() {
    return "must be non-empty";
  }

  /**
   * Kubernetes' {@code RegexError}: the message, examples and the regular expression, punctuated exactly as Go
   * punctuates it (including the double space before a second example's "or").
   *
   * @param msg what a valid value looks like
   * @param fmt the regular expression
   * @param examples valid examples
   * @return the message
   */
  public static String regexError(String msg, String fmt, String... examples) {
    if (examples.length == 0) {
      return msg + " (regex used for validation is '" + fmt + "')";
    }
    StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        sb.append(" or ");
      }
      sb.append('\'').append(examples[i]).append("', ");
    }
    return sb.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  /** As Kubernetes does for generateName prefixes: a trailing '-' is fine because a suffix follows. */
  private static String maskTrailingDash(String name) {
    if (name.length() > 1 && name.endsWith("-")) {
      return name.substring(0, name.length() - 2) + "a";
    }
    return name;
  }
}
