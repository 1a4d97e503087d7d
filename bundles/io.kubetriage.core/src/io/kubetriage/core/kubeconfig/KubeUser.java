package io.kubetriage.core.kubeconfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@code users[]} entry of a kubeconfig file. Credentials are deliberately not kept in memory
 * here; only the name is needed to check that contexts point at an existing user.
 *
 * @param name       the entry's name, referenced by contexts
 * @param sourceFile the kubeconfig file that defines the entry
 */
public record KubeUser(String name, Path sourceFile) {

    public KubeUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sourceFile, "sourceFile");
    }
}
