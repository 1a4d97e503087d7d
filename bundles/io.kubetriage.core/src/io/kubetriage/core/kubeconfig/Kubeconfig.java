package io.kubetriage.core.kubeconfig;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The contents of one kubeconfig file, as far as Kubetriage needs them.
 *
 * @param source         the file that was read
 * @param contexts       the contexts in file order
 * @param currentContext the {@code current-context}, or null when the file sets none
 * @param clusters       the clusters by name, in file order
 * @param users          the users by name, in file order
 */
public record Kubeconfig(
        Path source,
        List<KubeContext> contexts,
        String currentContext,
        Map<String, KubeCluster> clusters,
        Map<String, KubeUser> users) {

    public Kubeconfig {
        Objects.requireNonNull(source, "source");
        contexts = List.copyOf(contexts);
        if (currentContext != null && currentContext.isEmpty()) {
            currentContext = null;
        }
        // Map.copyOf would lose the file order, which the UI shows.
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    }

    /** A file with nothing in it, which kubectl accepts. */
    public static Kubeconfig empty(Path source) {
        return new Kubeconfig(source, List.of(), null, Map.of(), Map.of());
    }

    public Optional<KubeCluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    public Optional<KubeUser> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public Optional<KubeContext> context(String name) {
        return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
