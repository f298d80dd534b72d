package dev.flotilla.server.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A parsed {@code labelSelector} query parameter, with the grammar of k8s.io/apimachinery/pkg/labels:
 * {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)}, {@code key notin (a,b)},
 * {@code key} (exists) and {@code !key} (does not exist), joined by commas (all must hold).
 */
public final class LabelSelector {

    private static final Pattern KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?");

    /** The empty selector: matches everything. */
    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** One condition on one label key. */
    public record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String actual = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> actual != null && values.contains(actual);
                case NOT_EQUALS, NOT_IN -> actual == null || !values.contains(actual);
                case EXISTS -> actual != null;
                case DOES_NOT_EXIST -> actual == null;
            };
        }
    }

    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    public boolean matches(Map<String, String> labels) {
        for (Requirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a selector string.
     *
     * @throws IllegalArgumentException with a message naming the offending part
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            requirements.add(parseRequirement(part.trim()));
        }
        return new LabelSelector(List.copyOf(requirements));
    }

    private static Requirement parseRequirement(String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("found '', expected: identifier");
        }
        if (part.startsWith("!")) {
            String key = part.substring(1).trim();
            return new Requirement(checkKey(key), Operator.DOES_NOT_EXIST, Set.of());
        }
        String[] setOps = {" notin ", " in "};
        for (String op : setOps) {
            int at = part.indexOf(op);
            if (at > 0) {
                String key = checkKey(part.substring(0, at).trim());
                String rest = part.substring(at + op.length()).trim();
                if (!rest.startsWith("(") || !rest.endsWith(")")) {
                    throw new IllegalArgumentException("found '" + rest + "', expected: '(' values ')' for " + key);
                }
                Set<String> values = new TreeSet<>();
                for (String value : rest.substring(1, rest.length() - 1).split(",", -1)) {
                    values.add(checkValue(value.trim()));
                }
                return new Requirement(key, op.equals(" in ") ? Operator.IN : Operator.NOT_IN, values);
            }
        }
        int notEquals = part.indexOf("!=");
        if (notEquals > 0) {
            return new Requirement(checkKey(part.substring(0, notEquals).trim()), Operator.NOT_EQUALS,
                    Set.of(checkValue(part.substring(notEquals + 2).trim())));
        }
        int equals = part.indexOf('=');
        if (equals > 0) {
            int valueStart = part.startsWith("==", equals) ? equals + 2 : equals + 1;
            return new Requirement(checkKey(part.substring(0, equals).trim()), Operator.EQUALS,
                    Set.of(checkValue(part.substring(valueStart).trim())));
        }
        return new Requirement(checkKey(part), Operator.EXISTS, Set.of());
    }

    /** Splits on commas that are not inside parentheses. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("unbalanced ')' at position " + i);
                }
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced '(' in \"" + text + "\"");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String checkKey(String key) {
        if (key.length() > 317 || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid label key \"" + key + "\": name part must consist of "
                    + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }
        return key;
    }

    private static String checkValue(String value) {
        if (value.length() > 63 || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid label value: \"" + value + "\": a valid label must be an "
                    + "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                    + "with an alphanumeric character");
        }
        return value;
    }
}
