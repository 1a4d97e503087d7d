package io.kubetriage.ui.internal.etcd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kubetriage.connector.etcd.decode.RegistryKey;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;

/**
 * What the charts of the etcd Revisions view draw, computed off the UI thread from an etcd section.
 *
 * @param revisions       the x values: the upper revision of each bin, ascending
 * @param cumulative      per resource type (the {@value #TOP_TYPES} with the most keys, the rest as
 *                        {@value #OTHER_TYPES}): how many of its keys were last modified at or before
 *                        each revision of {@code revisions}
 * @param storeRevision   the store's revision
 * @param newestKey       the highest mod revision among the keys (the newest resourceVersion an
 *                        object carries now)
 * @param seenRevision    the highest resourceVersion clients are known to have seen, or 0 when not
 *                        known
 * @param seenFrom        where {@code seenRevision} comes from, for the label; null when not known
 */
record RevisionStats(double[] revisions, Map<String, double[]> cumulative, long storeRevision, long newestKey,
        long seenRevision, String seenFrom) {

    static final int TOP_TYPES = 5;
    static final String OTHER_TYPES = "other types";
    private static final int MAX_BINS = 200;

    /** How far the store is behind what clients have seen; 0 when it is not. */
    long gap() {
        return Math.max(0, seenRevision - storeRevision);
    }

    RevisionStats withSeen(long revision, String from) {
        return new RevisionStats(revisions, cumulative, storeRevision, newestKey, revision, from);
    }

    static RevisionStats of(EtcdSection section) {
        List<EtcdKeyInfo> keys = section.keys();
        long newest = 0;
        long oldest = Long.MAX_VALUE;
        Map<String, Integer> perType = new HashMap<>();
        for (EtcdKeyInfo k : keys) {
            newest = Math.max(newest, k.modRevision());
            oldest = Math.min(oldest, k.modRevision());
            perType.merge(type(k.key()), 1, Integer::sum);
        }
        if (keys.isEmpty()) {
            return new RevisionStats(new double[0], Map.of(), section.revision(), 0, 0, null);
        }
        List<String> top = perType.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_TYPES).map(Map.Entry::getKey).toList();
        boolean hasOther = perType.size() > top.size();

        long span = newest - oldest + 1;
        int bins = (int) Math.min(MAX_BINS, span);
        double[] xs = new double[bins];
        for (int i = 0; i < bins; i++) {
            xs[i] = oldest + Math.ceil((double) span * (i + 1) / bins) - 1;
        }
        Map<String, double[]> counts = new LinkedHashMap<>();
        for (String t : top) {
            counts.put(t, new double[bins]);
        }
        if (hasOther) {
            counts.put(OTHER_TYPES, new double[bins]);
        }
        for (EtcdKeyInfo k : keys) {
            double[] series = counts.getOrDefault(type(k.key()), counts.get(OTHER_TYPES));
            int bin = (int) Math.min(bins - 1, (k.modRevision() - oldest) * bins / span);
            series[bin]++;
        }
        for (double[] series : counts.values()) {
            for (int i = 1; i < series.length; i++) {
                series[i] += series[i - 1];
            }
        }
        return new RevisionStats(xs, counts, section.revision(), newest, 0, null);
    }

    /** The resource type of a key: {@code configmaps}, {@code deployments.apps}; other keys by their first segment. */
    static String type(String key) {
        RegistryKey parsed = RegistryKey.parse(key).orElse(null);
        if (parsed == null) {
            return EtcdIds.OTHER_KEYS;
        }
        return parsed.group() == null ? parsed.resource() : parsed.resource() + "." + parsed.group();
    }

    /** The series names in drawing order. */
    List<String> types() {
        return new ArrayList<>(cumulative.keySet());
    }
}
