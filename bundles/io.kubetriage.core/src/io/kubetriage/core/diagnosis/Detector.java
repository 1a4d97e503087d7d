package io.kubetriage.core.diagnosis;

import java.util.List;

/**
 * Looks at a {@link DiagnosisInput} and reports what is broken. A detector needs no display and no
 * cluster: it works on snapshots. Phases contribute detectors; the core never names a phase.
 * Implementations are stateless and thread-safe, and have a public no-argument constructor.
 */
public interface Detector {

    /** The id of the phase it belongs to, e.g. {@code rollback}. */
    String phase();

    /** The finding codes it may report. */
    List<String> codes();

    /** The catalogue entries of its codes, so documentation and UI agree with the detector. */
    default List<FindingCatalog.Entry> catalog() {
        return List.of();
    }

    /**
     * The findings; empty when nothing is wrong. Missing inputs (no baseline, no backup) mean
     * fewer checks, never an error.
     */
    List<Finding> detect(DiagnosisInput input);
}
