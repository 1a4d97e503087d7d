package io.kubetriage.core.etcd.backup;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An etcd key: arbitrary bytes, ordered as etcd orders them (unsigned, lexicographically). Kubernetes
 * keys are UTF-8 paths such as {@code /registry/pods/default/web-0}.
 */
public final class ByteKey implements Comparable<ByteKey> {

    private final byte[] bytes;

    private ByteKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A key holding a copy of {@code bytes}. */
    public static ByteKey of(byte[] bytes) {
        return new ByteKey(bytes.clone());
    }

    /** The key spelled by {@code key} in UTF-8. */
    public static ByteKey of(String key) {
        return new ByteKey(key.getBytes(StandardCharsets.UTF_8));
    }

    static ByteKey wrap(byte[] bytes) {
        return new ByteKey(bytes);
    }

    /** A copy of the key's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Whether the key starts with {@code prefix}. */
    public boolean startsWith(byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public int compareTo(ByteKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The key decoded as UTF-8 (malformed bytes become U+FFFD). */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
