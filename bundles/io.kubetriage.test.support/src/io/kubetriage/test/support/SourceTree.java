package io.kubetriage.test.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the source tree from wherever the tests run (the bundle, or its target/work). */
public final class SourceTree {

    private SourceTree() {
    }

    /** The file at {@code relative} under the nearest ancestor of the working directory that has it. */
    public static Path file(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
