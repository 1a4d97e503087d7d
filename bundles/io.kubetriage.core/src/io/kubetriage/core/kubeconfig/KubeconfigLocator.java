package io.kubetriage.core.kubeconfig;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Finds the kubeconfig files to read, the way kubectl does. */
public final class KubeconfigLocator {

    public static final String KUBECONFIG = "KUBECONFIG";

    private KubeconfigLocator() {
    }

    /**
     * The files named by {@code KUBECONFIG} when it is set and not empty, split on the platform's
     * path separator, in order, without empty entries or repeats; otherwise
     * {@code <userHome>/.kube/config}. Entries that are not valid paths on this platform are
     * skipped, as kubectl skips files it cannot read; so a {@code KUBECONFIG} made only of
     * separators names no file at all, as it does for kubectl. Nothing is checked on disk.
     */
    public static List<Path> resolve(Map<String, String> env, Path userHome) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(userHome, "userHome");
        String value = env.get(KUBECONFIG);
        if (value == null || value.isEmpty()) {
            return List.of(defaultFile(userHome));
        }
        Set<Path> files = new LinkedHashSet<>();
        for (String entry : value.split(File.pathSeparator, -1)) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                files.add(Path.of(entry).normalize());
            } catch (InvalidPathException e) {
                // Skipped like any other file that cannot be read.
            }
        }
        return List.copyOf(files);
    }

    /** {@link #resolve(Map, Path)} for this process's environment and home directory. */
    public static List<Path> resolve() {
        return resolve(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static Path defaultFile(Path userHome) {
        return userHome.resolve(".kube").resolve("config");
    }
}
