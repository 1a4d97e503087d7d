package io.kubetriage.connector.etcd.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What restoring a backup would do, compared with the current state: how far the store's revision
 * would go back, and each object that would change.
 *
 * @param basis            how the two states were compared: {@link #BASIS_ETCD_KEYS} (the etcd
 *                         keys and their mod_revisions) or {@link #BASIS_API_OBJECTS} (API objects
 *                         and their resourceVersions, when a snapshot has no etcd section)
 * @param currentRevision  the store's revision now (with {@link #BASIS_API_OBJECTS}: the highest
 *                         resourceVersion the current snapshot shows, a lower bound)
 * @param backupRevision   the revision the backup restores to
 * @param entries          the objects that would change, sorted by kind, namespace, name (then
 *                         group); {@link ImpactKind#UNCHANGED} objects are only counted
 * @param counts           the number of objects per impact kind, every kind present
 * @param eventCounts      the same for events ({@code /registry/events/}), which are counted, not listed
 * @param otherKeyCounts   the same for keys that are no API object (e.g. {@code /registry/ranges/serviceips})
 */
public record RestoreImpactReport(String basis, long currentRevision, long backupRevision, List<ImpactEntry> entries,
        Map<ImpactKind, Integer> counts, Map<ImpactKind, Integer> eventCounts, Map<ImpactKind, Integer> otherKeyCounts) {

    public static final String BASIS_ETCD_KEYS = "etcd keys";
    public static final String BASIS_API_OBJECTS = "API objects";

    private static final int SUMMARY_EXAMPLES = 3;

    public RestoreImpactReport {
        Objects.requireNonNull(basis, "basis");
        entries = List.copyOf(entries);
        counts = complete(counts);
        eventCounts = complete(eventCounts);
        otherKeyCounts = complete(otherKeyCounts);
    }

    private static Map<ImpactKind, Integer> complete(Map<ImpactKind, Integer> counts) {
        Map<ImpactKind, Integer> all = new EnumMap<>(ImpactKind.class);
        for (ImpactKind kind : ImpactKind.values()) {
            all.put(kind, counts == null ? 0 : counts.getOrDefault(kind, 0));
        }
        return Collections.unmodifiableMap(all);
    }

    /**
     * How many revisions the store would go back: {@code currentRevision - backupRevision}. A
     * restore makes etcd serve the backup's revision again, so revisions clients have already seen
     * would be handed out a second time for other changes. Negative when the backup is newer.
     */
    public long revisionDrop() {
        return currentRevision - backupRevision;
    }

    /** The number of objects with this impact. */
    public int count(ImpactKind kind) {
        return counts.get(kind);
    }

    /** Whether restoring would lose nothing: the revision does not go back and no object goes back, disappears or comes back. */
    public boolean harmless() {
        return revisionDrop() <= 0 && entries.stream().noneMatch(e -> e.impact().isLoss());
    }

    /** The listed objects with this impact, in report order. */
    public List<ImpactEntry> entries(ImpactKind kind) {
        return entries.stream().filter(e -> e.impact() == kind).toList();
    }

    /** One paragraph in plain words: what the restore would do, and how to restore safely if it matters. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        long drop = revisionDrop();
        if (drop > 0) {
            text.append("Restoring this backup moves etcd from revision ").append(currentRevision).append(" back to ")
                    .append(backupRevision).append(" (").append(plural(drop, "revision")).append(").");
        } else if (drop == 0) {
            text.append("Restoring this backup leaves etcd at revision ").append(currentRevision).append('.');
        } else {
            text.append("The backup is newer than the current state: restoring it moves etcd forward from revision ")
                    .append(currentRevision).append(" to ").append(backupRevision).append('.');
        }
        if (basis.equals(BASIS_API_OBJECTS)) {
            text.append(" (Compared by API objects and resourceVersions; the current revision is the highest"
                    + " resourceVersion seen.)");
        }
        List<String> parts = new ArrayList<>();
        int back = count(ImpactKind.WOULD_GO_BACK);
        if (back > 0) {
            StringBuilder part = new StringBuilder(plural(back, "object")).append(" would go back to an older version (");
            List<String> examples = new ArrayList<>();
            // Deployments first: they say what runs.
            entries(ImpactKind.WOULD_GO_BACK).stream()
                    .sorted((a, b) -> Boolean.compare(!a.key().kind().equals("Deployment"),
                            !b.key().kind().equals("Deployment")))
                    .limit(SUMMARY_EXAMPLES).forEach(e -> examples.add(example(e)));
            part.append(String.join("; ", examples));
            if (back > examples.size()) {
                part.append("; ").append(back - examples.size()).append(" more");
            }
            parts.add(part.append(')').toString());
        }
        int gone = count(ImpactKind.WOULD_DISAPPEAR);
        if (gone > 0) {
            parts.add(plural(gone, "object") + " created since the backup would disappear");
        }
        int resurrected = count(ImpactKind.WOULD_COME_BACK);
        if (resurrected > 0) {
            parts.add(plural(resurrected, "deleted object") + " would come back");
        }
        int newer = count(ImpactKind.NEWER_IN_BACKUP);
        if (newer > 0) {
            parts.add(plural(newer, "object") + " would move to a newer version from the backup");
        }
        text.append(' ');
        if (parts.isEmpty()) {
            text.append("No object would change.");
        } else {
            text.append(capitalised(String.join(", ", parts))).append('.');
        }
        if (drop > 0) {
            text.append(" etcd's recommended restore for this case is `etcdutl snapshot restore --bump-revision N"
                    + " --mark-compacted` so that clients see the revision move forward (N \u2265 ").append(drop)
                    .append(" + writes expected before clients resync); --mark-compacted makes their watches"
                            + " start over instead of missing changes.");
        }
        return text.toString();
    }

    private static String example(ImpactEntry e) {
        StringBuilder text = new StringBuilder(e.displayName()).append(": ");
        Map<String, String> d = e.details();
        List<String> changes = new ArrayList<>();
        if (d.containsKey(ImpactEntry.DEPLOYMENT_REVISION_CURRENT) || d.containsKey(ImpactEntry.DEPLOYMENT_REVISION_BACKUP)) {
            changes.add("revision " + d.getOrDefault(ImpactEntry.DEPLOYMENT_REVISION_CURRENT, "?") + " \u2192 "
                    + d.getOrDefault(ImpactEntry.DEPLOYMENT_REVISION_BACKUP, "?"));
        }
        String imagesNow = d.get(ImpactEntry.IMAGES_CURRENT);
        String imagesBackup = d.get(ImpactEntry.IMAGES_BACKUP);
        if (imagesNow != null && imagesBackup != null && !imagesNow.equals(imagesBackup)) {
            changes.add((imagesNow.contains(",") || imagesBackup.contains(",") ? "images " : "image ") + imagesNow
                    + " \u2192 " + imagesBackup);
        }
        if (changes.isEmpty()) {
            changes.add("rv " + e.modRevisionCurrent() + " \u2192 " + e.modRevisionBackup());
        }
        return text.append(String.join(", ", changes)).toString();
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
