package io.kubetriage.core.snapshot.diff;

/**
 * Which fields a comparison leaves out, as noise. Whatever the options, a resourceVersion that went
 * backwards is reported, and a changed UID too.
 *
 * @param ignoreStatus          leave out the top-level {@code status}
 * @param ignoreResourceVersion leave out {@code metadata.resourceVersion}
 * @param ignoreTimestamps      leave out {@code metadata.managedFields} and every field named
 *                              {@code lastTransitionTime}, {@code lastUpdateTime},
 *                              {@code lastHeartbeatTime}, {@code lastProbeTime}, {@code lastTimestamp},
 *                              {@code firstTimestamp} or {@code eventTime} (labels, annotations and
 *                              the values of ConfigMaps and Secrets excepted);
 *                              {@code metadata.creationTimestamp} is kept
 * @param ignoreGeneration      leave out {@code metadata.generation} and every {@code observedGeneration}
 *                              under {@code status}
 */
public record DiffOptions(boolean ignoreStatus, boolean ignoreResourceVersion, boolean ignoreTimestamps,
        boolean ignoreGeneration) {

    /** Everything that changes by itself is left out: the default. */
    public static final DiffOptions NOISE_HIDDEN = new DiffOptions(true, true, true, true);

    /** Nothing is left out. */
    public static final DiffOptions EXACT = new DiffOptions(false, false, false, false);

    /** Whether nothing is left out. */
    public boolean isExact() {
        return !ignoreStatus && !ignoreResourceVersion && !ignoreTimestamps && !ignoreGeneration;
    }
}
