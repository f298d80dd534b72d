package dev.flotilla.it.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table as kubectl prints it ({@code get}, {@code api-resources}), read the way a user reads it: by the
 * columns of the header line. Cells are cut at the header's column starts, because kubectl's tab writer
 * left-aligns every column and some cells (e.g. SHORTNAMES) may be empty.
 *
 * @param columns the header's column names, in order
 * @param rows    one map per row: column name to cell text
 */
public record KubectlTable(List<String> columns, List<Map<String, String>> rows) {

    private static final Pattern COLUMN = Pattern.compile("\\S+");

    /** Parses kubectl's table output; the first non-blank line is the header. */
    public static KubectlTable parse(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return new KubectlTable(List.of(), List.of());
        }
        String header = lines.get(0);
        List<String> names = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        Matcher m = COLUMN.matcher(header);
        while (m.find()) {
            names.add(m.group());
            starts.add(m.start());
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                int from = Math.min(starts.get(i), line.length());
                int to = i + 1 < names.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
                row.put(names.get(i), line.substring(from, to).strip());
            }
            rows.add(row);
        }
        return new KubectlTable(List.copyOf(names), List.copyOf(rows));
    }

    /** @return the rows whose {@code column} equals {@code value} */
    public List<Map<String, String>> rowsWhere(String column, String value) {
        return rows.stream().filter(r -> value.equals(r.get(column))).toList();
    }

    /** @return the single row whose NAME is {@code name}; fails if there is none or more than one */
    public Map<String, String> row(String name) {
        List<Map<String, String>> found = rowsWhere("NAME", name);
        if (found.size() != 1) {
            throw new AssertionError("expected one row named " + name + " in " + this);
        }
        return found.get(0);
    }
}
