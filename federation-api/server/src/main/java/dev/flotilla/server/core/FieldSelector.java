package dev.flotilla.server.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parsed {@code fieldSelector}: {@code field=value}, {@code field==value} and {@code field!=value}, joined by
 * commas. Like kube-apiserver, only fields the server indexes are allowed: {@code metadata.name} and
 * {@code metadata.namespace} for every kind, plus a few per kind (e.g. {@code type} for Secrets and Events,
 * {@code status.phase} for Namespaces); anything else is an error the client sees as 400.
 */
public final class FieldSelector {

    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private static final Set<String> GENERIC = Set.of("metadata.name", "metadata.namespace");

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    /** {@code field} (a dotted path into the object) equals, or does not equal, {@code value}. */
    public record Term(String field, boolean equal, String value) {
    }

    public List<Term> terms() {
        return terms;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** The name this selector pins, if it has a {@code metadata.name=} term (lets a get replace a scan). */
    public String pinnedName() {
        for (Term term : terms) {
            if (term.equal() && term.field().equals("metadata.name")) {
                return term.value();
            }
        }
        return null;
    }

    public boolean matches(JsonNode object) {
        for (Term term : terms) {
            JsonNode node = object;
            for (String step : term.field().split("\\.")) {
                node = node == null ? null : node.get(step);
            }
            String actual = node == null || node.isNull() ? "" : node.asText();
            if (actual.equals(term.value()) != term.equal()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a selector for a kind.
     *
     * @param extraFields fields this kind supports beyond metadata.name and metadata.namespace
     * @throws IllegalArgumentException naming the unsupported field or the malformed term
     */
    public static FieldSelector parse(String text, Set<String> extraFields) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : text.split(",")) {
            String term = part.trim();
            int notEquals = term.indexOf("!=");
            int equals = term.indexOf('=');
            String field;
            String value;
            boolean equal;
            if (notEquals > 0) {
                field = term.substring(0, notEquals);
                value = term.substring(notEquals + 2);
                equal = false;
            } else if (equals > 0) {
                field = term.substring(0, equals);
                value = term.substring(term.startsWith("==", equals) ? equals + 2 : equals + 1);
                equal = true;
            } else {
                throw new IllegalArgumentException("invalid selector: '" + term + "'; can't understand '" + term + "'");
            }
            field = field.trim();
            if (!GENERIC.contains(field) && !extraFields.contains(field)) {
                throw new IllegalArgumentException("field label not supported: " + field);
            }
            terms.add(new Term(field, equal, value.trim()));
        }
        return new FieldSelector(List.copyOf(terms));
    }
}
