package dev.flotilla.dns.records;

import java.util.List;

/**
 * Every record of one federated Service, and what in its input was skipped and why.
 *
 * @param namespace the Service's namespace
 * @param name      the Service's name
 * @param records   its RRsets, sorted by name then type
 * @param warnings  one line per skipped input (a bad address, region label or port), naming the cluster and field
 */
public record ServiceRecords(String namespace, String name, List<ResourceRecordSet> records, List<String> warnings) {

    public ServiceRecords {
        records = List.copyOf(records);
        warnings = List.copyOf(warnings);
    }
}
