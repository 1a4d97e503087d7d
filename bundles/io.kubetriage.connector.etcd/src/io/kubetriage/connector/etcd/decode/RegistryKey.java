package io.kubetriage.connector.etcd.decode;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a key in the API server's etcd keyspace, best effort:
 * {@code /registry/pods/default/web-0} (namespaced), {@code /registry/namespaces/default}
 * (cluster-scoped), {@code /registry/<group>/<plural>/[<namespace>/]<name>} (custom resources and
 * some aggregated types). A few built-in resources are stored under other names
 * ({@code minions} for nodes, {@code services/specs} for services); {@link #resource()} gives the
 * API name and {@link #storedResource()} the name in the key.
 *
 * @param prefix         the key prefix, normally {@code /registry}
 * @param group          the API group when the key names it (keys of custom resources), else {@code null}
 * @param resource       the API resource (plural), e.g. {@code pods}, {@code nodes}
 * @param storedResource the resource segment(s) as they appear in the key, e.g. {@code minions}
 * @param namespace      the namespace, or {@code null} for cluster-scoped objects
 * @param name           the object name, or {@code null} for a prefix key such as {@code /registry/pods/}
 */
public record RegistryKey(String prefix, String group, String resource, String storedResource, String namespace,
        String name) {

    private static final String DEFAULT_PREFIX = "/registry/";

    /** Resources whose storage name differs from the API resource name. */
    private static final Map<String, String> RENAMED = Map.of(
            "minions", "nodes",
            "controllers", "replicationcontrollers",
            "ingress", "ingresses",
            "services/specs", "services",
            "services/endpoints", "endpoints",
            "podsecuritypolicy", "podsecuritypolicies");

    /**
     * Parses a key; empty when it is not under {@code /registry/} (e.g. {@code compact_rev_key}).
     *
     * @param key the etcd key
     */
    public static Optional<RegistryKey> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        int start = key.indexOf(DEFAULT_PREFIX);
        if (start < 0 || (start > 0 && key.charAt(0) != '/')) {
            return Optional.empty();
        }
        String prefix = key.substring(0, start + DEFAULT_PREFIX.length() - 1);
        String rest = key.substring(start + DEFAULT_PREFIX.length());
        String[] segments = Arrays.stream(rest.split("/", -1)).toArray(String[]::new);
        if (segments.length == 0 || segments[0].isEmpty()) {
            return Optional.empty();
        }
        int index = 0;
        String group = null;
        if (segments[0].contains(".") && segments.length > 1) {
            group = segments[0];
            index = 1;
        }
        String stored = segments[index++];
        if (group == null && (stored.equals("services") || stored.equals("ranges")) && index < segments.length
                && !segments[index].isEmpty()) {
            stored = stored + "/" + segments[index++];
        }
        String resource = RENAMED.getOrDefault(stored, stored);
        String[] tail = Arrays.copyOfRange(segments, index, segments.length);
        if (tail.length > 0 && tail[tail.length - 1].isEmpty()) {
            tail = Arrays.copyOf(tail, tail.length - 1); // prefix keys end with '/'
        }
        String namespace = null;
        String name = null;
        if (tail.length == 1) {
            name = tail[0];
        } else if (tail.length >= 2) {
            namespace = tail[0];
            name = String.join("/", Arrays.copyOfRange(tail, 1, tail.length));
        }
        return Optional.of(new RegistryKey(prefix, group, resource, stored, namespace, name));
    }
}
