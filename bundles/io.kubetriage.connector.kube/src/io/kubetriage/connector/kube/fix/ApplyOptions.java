package io.kubetriage.connector.kube.fix;

/**
 * What the user decided before a fix is applied.
 *
 * @param readOnly  the cluster is marked read-only (e.g. production): fixes are only previewed,
 *                  {@link FixExecutor#apply} refuses and sends nothing
 * @param confirmed the user confirmed the preview's confirmation text
 */
public record ApplyOptions(boolean readOnly, boolean confirmed) {

    /** A writable cluster, the user having confirmed. */
    public static ApplyOptions confirmedByUser() {
        return new ApplyOptions(false, true);
    }
}
