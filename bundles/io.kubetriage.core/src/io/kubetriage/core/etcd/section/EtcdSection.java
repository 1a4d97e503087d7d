package io.kubetriage.core.etcd.section;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.kubetriage.core.etcd.EtcdClusterStatus;

/**
 * The etcd part of a snapshot: the keys of the store (or of a prefix of it) as they were at one
 * revision, read from a live etcd or from a backup file. Stored in a snapshot by
 * {@link EtcdSectionCodec} as the entries {@code etcd/summary.json} and {@code etcd/keys.ndjson}.
 *
 * @param source          where the keys come from: {@code etcd http://10.0.0.1:2379} (the endpoints,
 *                        comma separated) or {@code backup /path/to/file.db}
 * @param revision        the store revision the keys were read at
 * @param compactRevision the revision etcd was compacted at (history before it is gone), or 0 when
 *                        it was never compacted or it is not known
 * @param status          the members' status at the time, or null (a backup has none)
 * @param keys            the keys, sorted by key (etcd's order: by the bytes of the UTF-8 key);
 *                        the constructor sorts them when they are not
 */
public record EtcdSection(String source, long revision, long compactRevision, EtcdClusterStatus status,
        List<EtcdKeyInfo> keys) {

    /** etcd's key order: unsigned bytes of the UTF-8 encoding. */
    public static final Comparator<String> KEY_ORDER = EtcdSection::compareKeys;

    public EtcdSection {
        Objects.requireNonNull(source, "source");
        if (revision < 0 || compactRevision < 0) {
            throw new IllegalArgumentException("negative revision");
        }
        List<EtcdKeyInfo> copy = new ArrayList<>(keys);
        boolean sorted = true;
        for (int i = 1; i < copy.size() && sorted; i++) {
            sorted = compareKeys(copy.get(i - 1).key(), copy.get(i).key()) < 0;
        }
        if (!sorted) {
            copy.sort(Comparator.comparing(EtcdKeyInfo::key, KEY_ORDER));
            for (int i = 1; i < copy.size(); i++) {
                if (copy.get(i - 1).key().equals(copy.get(i).key())) {
                    throw new IllegalArgumentException("key " + copy.get(i).key() + " is listed twice");
                }
            }
        }
        keys = List.copyOf(copy);
    }

    /** How many keys carry their value. */
    public long valueCount() {
        return keys.stream().filter(EtcdKeyInfo::hasValue).count();
    }

    /** The sum of the value sizes of all keys, kept or not (sizes not known count as 0). */
    public long totalValueBytes() {
        return keys.stream().mapToLong(k -> Math.max(0, k.valueSize())).sum();
    }

    static int compareKeys(String a, String b) {
        // Code point order equals the byte order of UTF-8; String.compareTo (UTF-16 units) does not
        // for characters beyond U+FFFF.
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
