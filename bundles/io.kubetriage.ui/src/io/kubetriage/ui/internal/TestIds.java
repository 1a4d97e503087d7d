package io.kubetriage.ui.internal;

/**
 * The data key under which widgets carry a stable test id; the same key SWTBot's {@code withId}
 * reads, so UI tests can move to SWTBot without touching the product.
 */
public final class TestIds {

    public static final String KEY = "org.eclipse.swtbot.widget.key";

    private TestIds() {
    }
}
