package io.kubetriage.phase.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads node texts from the test bundle's {@code resources/routing/}, through the class path. */
final class Fixtures {

    static final String ROOT = "/resources/routing/";

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new AssertionError("fixture " + ROOT + name + " not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
