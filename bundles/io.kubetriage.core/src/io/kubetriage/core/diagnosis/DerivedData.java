package io.kubetriage.core.diagnosis;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What detectors compute from one {@link DiagnosisInput} and share, so that a model every detector
 * of a phase needs (the parsed node files, the Services with their endpoints) is built once per
 * diagnosis run rather than once per detector. Values are computed outside the lock: two threads
 * asking at once may both compute, and the first stored value wins.
 */
public final class DerivedData {

    private final Map<Key<?>, Object> values = new HashMap<>();

    /** A kind of derived value; compared by identity, so each is a constant of the code that computes it. */
    public static final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static <T> Key<T> key(String name) {
        return new Key<>(Objects.requireNonNull(name, "name"));
    }

    /** The value of a key, computed by {@code compute} the first time it is asked for. */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key, Supplier<? extends T> compute) {
        synchronized (values) {
            Object v = values.get(key);
            if (v != null) {
                return (T) v;
            }
        }
        T computed = Objects.requireNonNull(compute.get(), key.name);
        synchronized (values) {
            Object v = values.putIfAbsent(key, computed);
            return v != null ? (T) v : computed;
        }
    }

    @Override
    public String toString() {
        synchronized (values) {
            return "DerivedData" + values.keySet();
        }
    }
}
