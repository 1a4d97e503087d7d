package io.kubetriage.core.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class DerivedDataTest {

    private static final DerivedData.Key<List<String>> NAMES = DerivedData.key("names");
    private static final DerivedData.Key<List<String>> OTHER = DerivedData.key("names");

    @Test
    void aValueIsComputedOncePerInput() {
        DerivedData data = new DerivedData();
        AtomicInteger computed = new AtomicInteger();
        List<String> first = data.get(NAMES, () -> {
            computed.incrementAndGet();
            return new ArrayList<>(List.of("a"));
        });
        List<String> second = data.get(NAMES, () -> {
            computed.incrementAndGet();
            return new ArrayList<>(List.of("b"));
        });
        assertSame(first, second);
        assertEquals(1, computed.get());
        // keys are told apart by identity, not by name
        assertEquals(List.of("c"), data.get(OTHER, () -> List.of("c")));
        // another input derives afresh
        assertNotSame(first, new DerivedData().get(NAMES, () -> new ArrayList<>(List.of("a"))));
    }

    @Test
    void aValueMayComputeOthersAndNullIsRefused() {
        DerivedData data = new DerivedData();
        DerivedData.Key<Integer> size = DerivedData.key("size");
        assertEquals(2, data.get(size, () -> data.get(NAMES, () -> List.of("x", "y")).size()));
        assertEquals(List.of("x", "y"), data.get(NAMES, List::of));
        assertThrows(NullPointerException.class, () -> data.get(DerivedData.key("null"), () -> null));
    }
}
