package io.kubetriage.core.snapshot.diff;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ChangeKind;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * Compares two snapshots of a cluster object by object.
 *
 * <p>An object on both sides is {@link ChangeKind#RECREATED} when both UIDs are known and differ;
 * else {@link ChangeKind#RESOURCE_VERSION_BACKWARDS} when both resourceVersions are numbers and the
 * after one is lower (whatever the options); else, when the content differs once the fields the
 * options leave out are removed, {@link ChangeKind#SAME_RESOURCE_VERSION_DIFFERENT_CONTENT} if the
 * resourceVersion is the same and {@link ChangeKind#CHANGED} if not; equal objects are not listed.
 * An object only after is {@link ChangeKind#REAPPEARED} when its resourceVersion is not above the
 * highest one before, else {@link ChangeKind#ADDED}. An object only before is
 * {@link ChangeKind#REMOVED}.
 */
public final class SnapshotDiff {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SnapshotDiff() {
    }

    /** The differences, in key order. */
    public static List<ObjectChange> compare(Snapshot before, Snapshot after, DiffOptions options) {
        Objects.requireNonNull(options, "options");
        int capacity = before.objectCount() + after.objectCount();
        ApiObject[] left = new ApiObject[capacity];
        ApiObject[] right = new ApiObject[capacity];
        int n = 0;
        Iterator<ApiObject> b = before.objects().iterator();
        Iterator<ApiObject> a = after.objects().iterator();
        ApiObject x = b.hasNext() ? b.next() : null;
        ApiObject y = a.hasNext() ? a.next() : null;
        while (x != null || y != null) {
            int order = x == null ? 1 : y == null ? -1 : x.key().compareTo(y.key());
            if (order <= 0) {
                left[n] = x;
                x = b.hasNext() ? b.next() : null;
            }
            if (order >= 0) {
                right[n] = y;
                y = a.hasNext() ? a.next() : null;
            }
            n++;
        }
        long beforeMax = before.maxResourceVersion();
        ObjectChange[] changes = new ObjectChange[n];
        IntStream.range(0, n).parallel().forEach(i -> changes[i] = classify(left[i], right[i], beforeMax, options));
        List<ObjectChange> result = new ArrayList<>();
        Arrays.stream(changes).filter(Objects::nonNull).forEach(result::add);
        return result;
    }

    /** How one object differs; null when it does not. */
    static ObjectChange classify(ApiObject before, ApiObject after, long beforeMax, DiffOptions options) {
        if (after == null) {
            return new ObjectChange(before.key(), ChangeKind.REMOVED, before, null);
        }
        if (before == null) {
            long rv = after.resourceVersionNumber();
            ChangeKind kind = rv >= 0 && rv <= beforeMax ? ChangeKind.REAPPEARED : ChangeKind.ADDED;
            return new ObjectChange(after.key(), kind, null, after);
        }
        if (before.json().equals(after.json())) {
            return null;
        }
        if (before.uid() != null && after.uid() != null && !before.uid().equals(after.uid())) {
            return new ObjectChange(after.key(), ChangeKind.RECREATED, before, after);
        }
        long rvBefore = before.resourceVersionNumber();
        long rvAfter = after.resourceVersionNumber();
        if (rvBefore >= 0 && rvAfter >= 0 && rvAfter < rvBefore) {
            return new ObjectChange(after.key(), ChangeKind.RESOURCE_VERSION_BACKWARDS, before, after);
        }
        if (sameContent(before.json(), after.json(), options)) {
            return null;
        }
        ChangeKind kind = before.resourceVersion() != null && before.resourceVersion().equals(after.resourceVersion())
                ? ChangeKind.SAME_RESOURCE_VERSION_DIFFERENT_CONTENT
                : ChangeKind.CHANGED;
        return new ObjectChange(after.key(), kind, before, after);
    }

    /** Whether two objects are equal once the fields the options leave out are removed. */
    public static boolean sameContent(String beforeJson, String afterJson, DiffOptions options) {
        if (beforeJson.equals(afterJson)) {
            return true;
        }
        ObjectNode x = parse(beforeJson);
        ObjectNode y = parse(afterJson);
        if (x == null || y == null) {
            return false;
        }
        NoiseFilter.apply(x, options);
        NoiseFilter.apply(y, options);
        return x.equals(y);
    }

    /** The object parsed, or null when the text is not a JSON object. */
    static ObjectNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}
