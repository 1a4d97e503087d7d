package io.kubetriage.ui.internal.snapshots;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kubetriage.connector.etcd.snapshot.EtcdSnapshotBuilder;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ChangeKind;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.diff.DiffOptions;
import io.kubetriage.core.snapshot.diff.ObjectChange;

/** The words the Snapshots view and the compare editor show; kept apart from SWT so they read plainly. */
public final class SnapshotLabels {

    /** The source that holds the events; its count is not one of objects. */
    static final String EVENTS_SOURCE = "api:v1/events";
    private static final String API_PREFIX = "api:";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private SnapshotLabels() {
    }

    /** A capture time in the local zone, to the second. */
    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** A file size as people read it: {@code 812 B}, {@code 14.2 KB}, {@code 3.1 MB}. */
    public static String size(long bytes) {
        if (bytes < 0) {
            return "";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = { "KB", "MB", "GB", "TB" };
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    /** How many API objects the manifest's sources counted (events left out); -1 when it lists none. */
    public static long objectCount(SnapshotManifest manifest) {
        long count = 0;
        boolean any = false;
        for (SourceStatus s : manifest.sources()) {
            if (s.source().startsWith(API_PREFIX) && !s.source().equals(EVENTS_SOURCE)) {
                count += Math.max(0, s.count());
                any = true;
            }
        }
        if (any) {
            return count;
        }
        // a snapshot made from etcd alone counts the objects it decoded from the values
        return manifest.sources().stream().filter(s -> s.source().equals(EtcdSnapshotBuilder.SOURCE_DECODE))
                .mapToLong(s -> Math.max(0, s.count())).findFirst().orElse(-1);
    }

    /** The sources that were not captured whole (neither complete nor skipped). */
    public static List<SourceStatus> incompleteSources(SnapshotManifest manifest) {
        List<SourceStatus> incomplete = new ArrayList<>();
        for (SourceStatus s : manifest.sources()) {
            if (s.state() != SourceState.COMPLETE && s.state() != SourceState.SKIPPED) {
                incomplete.add(s);
            }
        }
        return incomplete;
    }

    /** {@code yes}, or {@code partial: 3 sources}. */
    public static String completeness(SnapshotManifest manifest) {
        int n = incompleteSources(manifest).size();
        return n == 0 ? "yes" : "partial: " + n + (n == 1 ? " source" : " sources");
    }

    /** One line per source not captured whole: what, how far, why. Null when the snapshot is complete. */
    public static String completenessDetails(SnapshotManifest manifest) {
        List<SourceStatus> incomplete = incompleteSources(manifest);
        if (incomplete.isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder("Not captured whole:");
        for (SourceStatus source : incomplete) {
            s.append("\n• ").append(source.source()).append(" — ").append(state(source.state()));
            if (source.count() > 0) {
                s.append(", ").append(source.count()).append(source.count() == 1 ? " item" : " items");
            }
            if (source.reason() != null && !source.reason().isBlank()) {
                s.append(": ").append(source.reason());
            }
        }
        return s.toString();
    }

    private static String state(SourceState state) {
        return switch (state) {
            case COMPLETE -> "complete";
            case PARTIAL -> "partial";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
            case SKIPPED -> "skipped";
        };
    }

    /** The manifest's facts for a tooltip: server, capture span, tool, secrets. */
    public static String describe(SnapshotManifest manifest) {
        StringBuilder s = new StringBuilder();
        s.append(manifest.name());
        s.append("\nCluster ").append(manifest.clusterName() == null ? "(unknown)" : manifest.clusterName());
        if (manifest.serverUrl() != null) {
            s.append(" at ").append(manifest.serverUrl());
        }
        if (manifest.serverVersion() != null) {
            s.append(" (").append(manifest.serverVersion()).append(')');
        }
        Duration took = Duration.between(manifest.captureStart(), manifest.captureEnd());
        s.append("\nCaptured ").append(time(manifest.captureStart())).append(" in ")
                .append(took.toMillis() < 1000 ? took.toMillis() + " ms" : took.toSeconds() + " s");
        s.append(manifest.secretsRedacted() ? "\nSecret values redacted" : "\nSecret values included");
        if (manifest.toolVersion() != null) {
            s.append("\nKubetriage ").append(manifest.toolVersion());
        }
        String details = completenessDetails(manifest);
        if (details != null) {
            s.append("\n\n").append(details);
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- changes

    /**
     * How an object changed, in words: {@code added}, {@code resourceVersion went back 1234 → 1200},
     * {@code deleted and re-created (UID changed)}.
     */
    public static String change(ObjectChange change) {
        ApiObject before = change.before();
        ApiObject after = change.after();
        String text = switch (change.kind()) {
            case ADDED -> "added";
            case REMOVED -> "removed";
            case CHANGED -> before.resourceVersion() != null && after.resourceVersion() != null
                    ? "changed (resourceVersion " + before.resourceVersion() + " → " + after.resourceVersion() + ")"
                    : "changed";
            case RESOURCE_VERSION_BACKWARDS -> "resourceVersion went back " + before.resourceVersion() + " → "
                    + after.resourceVersion();
            case SAME_RESOURCE_VERSION_DIFFERENT_CONTENT -> "same resourceVersion"
                    + (after.resourceVersion() == null ? "" : " " + after.resourceVersion()) + ", different content";
            case REAPPEARED -> "reappeared after deletion"
                    + (after.resourceVersion() == null ? "" : " (resourceVersion " + after.resourceVersion() + ")");
            case RECREATED -> "deleted and re-created (UID changed)";
        };
        if (change.kind() != ChangeKind.RECREATED && change.uidChanged()) {
            text += ", UID changed";
        }
        return text;
    }

    /** The short plural phrase of a change kind, for counts: {@code 3 added}, {@code 1 went back}. */
    public static String kindPhrase(ChangeKind kind) {
        return switch (kind) {
            case ADDED -> "added";
            case REMOVED -> "removed";
            case CHANGED -> "changed";
            case RESOURCE_VERSION_BACKWARDS -> "resourceVersion went back";
            case SAME_RESOURCE_VERSION_DIFFERENT_CONTENT -> "same resourceVersion, different content";
            case REAPPEARED -> "reappeared";
            case RECREATED -> "re-created";
        };
    }

    /** {@code 7 objects differ: 2 added, 1 removed, …}, or that none do. */
    public static String summary(Map<ChangeKind, Integer> counts, DiffOptions options) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder s = new StringBuilder();
        if (total == 0) {
            s.append("No object differs");
        } else {
            s.append(total).append(total == 1 ? " object differs: " : " objects differ: ");
            List<String> parts = new ArrayList<>();
            for (ChangeKind kind : ChangeKind.values()) {
                Integer n = counts.get(kind);
                if (n != null && n > 0) {
                    parts.add(n + " " + kindPhrase(kind));
                }
            }
            s.append(String.join(", ", parts));
        }
        String hidden = hidden(options);
        s.append(hidden.isEmpty() ? " (exact comparison)" : " (" + hidden + " left out)");
        return s.toString();
    }

    /** The fields the options leave out, e.g. {@code status, timestamps}; empty when none. */
    public static String hidden(DiffOptions options) {
        List<String> parts = new ArrayList<>();
        if (options.ignoreStatus()) {
            parts.add("status");
        }
        if (options.ignoreResourceVersion()) {
            parts.add("resourceVersion");
        }
        if (options.ignoreTimestamps()) {
            parts.add("timestamps");
        }
        if (options.ignoreGeneration()) {
            parts.add("generation");
        }
        return String.join(", ", parts);
    }
}
