package io.kubetriage.core.kubeconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Several kubeconfig files read together, merged the way kubectl merges the files of
 * {@code KUBECONFIG}: the first file that defines a context, cluster or user name wins, and the
 * first file that sets {@code current-context} decides it. A context may use a cluster or user
 * from another file.
 *
 * <p>A file that cannot be read does not hide the others: its error is kept beside the results of
 * the files that could be read.
 */
public final class KubeconfigSet {

    /**
     * What came of reading one file: exactly one of {@code config} and {@code error} is set.
     */
    public record FileResult(Path file, Kubeconfig config, KubeconfigException error) {

        public FileResult {
            Objects.requireNonNull(file, "file");
            if ((config == null) == (error == null)) {
                throw new IllegalArgumentException("exactly one of config and error must be given");
            }
        }

        public static FileResult of(Kubeconfig config) {
            return new FileResult(config.source(), config, null);
        }

        public static FileResult of(KubeconfigException error) {
            return new FileResult(error.file(), null, error);
        }

        public boolean isLoaded() {
            return config != null;
        }
    }

    /**
     * A context that kubectl would not see, because an earlier file defines one of the same name.
     */
    public record ShadowedContext(KubeContext context, KubeContext shadowedBy) {

        public ShadowedContext {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(shadowedBy, "shadowedBy");
        }
    }

    private final List<FileResult> files;
    private final List<KubeContext> contexts;
    private final List<ShadowedContext> shadowed;
    private final String currentContext;

    private KubeconfigSet(List<FileResult> files) {
        this.files = List.copyOf(files);
        List<Kubeconfig> loaded = this.files.stream()
                .filter(FileResult::isLoaded)
                .map(FileResult::config)
                .toList();

        Map<String, KubeCluster> clusters = new LinkedHashMap<>();
        Map<String, KubeUser> users = new LinkedHashMap<>();
        String current = null;
        for (Kubeconfig config : loaded) {
            config.clusters().forEach(clusters::putIfAbsent);
            config.users().forEach(users::putIfAbsent);
            if (current == null) {
                current = config.currentContext();
            }
        }
        this.currentContext = current;

        String where = loaded.stream()
                .map(c -> c.source().toString())
                .collect(Collectors.joining(", "));
        ContextResolver resolver = new ContextResolver(clusters, users, where);
        Map<String, KubeContext> winners = new LinkedHashMap<>();
        List<ShadowedContext> losers = new ArrayList<>();
        for (Kubeconfig config : loaded) {
            for (KubeContext context : config.contexts()) {
                KubeContext resolved = resolver.resolve(context);
                KubeContext winner = winners.putIfAbsent(resolved.name(), resolved);
                if (winner != null) {
                    losers.add(new ShadowedContext(resolved, winner));
                }
            }
        }
        this.contexts = List.copyOf(winners.values());
        this.shadowed = List.copyOf(losers);
    }

    /** Reads each file in order with the given parser. */
    public static KubeconfigSet load(List<Path> files, KubeconfigParser parser) {
        Objects.requireNonNull(parser, "parser");
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            try {
                results.add(FileResult.of(parser.parse(file)));
            } catch (KubeconfigException e) {
                results.add(FileResult.of(e));
            }
        }
        return new KubeconfigSet(results);
    }

    /** Merges results that were read elsewhere, in the given order. */
    public static KubeconfigSet of(List<FileResult> results) {
        return new KubeconfigSet(results);
    }

    /** Every file, in the order given, with its contents or its error. */
    public List<FileResult> files() {
        return files;
    }

    /** The errors of the files that could not be read, in file order. */
    public List<KubeconfigException> errors() {
        return files.stream().filter(f -> !f.isLoaded()).map(FileResult::error).toList();
    }

    /**
     * The contexts kubectl would offer, in file order, looked up against the clusters and users
     * of all files.
     */
    public List<KubeContext> contexts() {
        return contexts;
    }

    /** Contexts hidden by an earlier context of the same name, in file order. */
    public List<ShadowedContext> shadowed() {
        return shadowed;
    }

    /** The {@code current-context} of the first file that sets one. */
    public Optional<String> currentContext() {
        return Optional.ofNullable(currentContext);
    }

    public Optional<KubeContext> context(String name) {
        return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
