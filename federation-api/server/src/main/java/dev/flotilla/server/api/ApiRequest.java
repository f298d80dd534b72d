package dev.flotilla.server.api;

import java.util.List;
import java.util.Map;

/**
 * A request to the resource API, independent of the HTTP framework that received it.
 *
 * @param path        the raw path, e.g. {@code /apis/apps/v1/namespaces/default/deployments}
 * @param query       decoded query parameters (first value wins, as kube-apiserver reads them)
 * @param contentType the Content-Type header, or {@code null}
 * @param accept      the Accept header, or {@code null}
 * @param body        the request body (empty when there is none)
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, String contentType,
                         String accept, byte[] body, Map<String, String> headers) {

    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean flag(String name) {
        String value = param(name);
        return value != null && (value.equals("true") || value.equals("1"));
    }

    public String header(String name) {
        return headers.get(name.toLowerCase());
    }
}
