package io.kubetriage.core.snapshot.diff;

import java.util.Objects;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ChangeKind;
import io.kubetriage.core.snapshot.ObjectKey;

/**
 * How one object differs between two snapshots.
 *
 * @param key    the object's key
 * @param kind   how it differs
 * @param before the object in the before snapshot; null when it is only in the after one
 * @param after  the object in the after snapshot; null when it is only in the before one
 */
public record ObjectChange(ObjectKey key, ChangeKind kind, ApiObject before, ApiObject after) {

    public ObjectChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        if (before == null && after == null) {
            throw new IllegalArgumentException("a change needs a before or an after object");
        }
    }

    /** Whether the object is on both sides with two different UIDs (both known). */
    public boolean uidChanged() {
        return before != null && after != null && before.uid() != null && after.uid() != null
                && !before.uid().equals(after.uid());
    }
}
