package io.kubetriage.core.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the node data fixtures from {@code resources/node/} of the test bundle, through the class path. */
public final class NodeFixtures {

    /** The class-path folder of the fixtures: the bundle's {@code resources/node/}. */
    public static final String ROOT = "/resources/node/";

    private NodeFixtures() {
    }

    public static String text(String name) {
        try (InputStream in = NodeFixtures.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + ROOT + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
