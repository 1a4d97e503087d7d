package io.kubetriage.phase.routing;

import java.util.List;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.FindingCatalog;

/** What the routing detectors share: the phase, and one catalogued code each. */
abstract class RoutingDetector implements Detector {

    private final FindingCatalog.Entry entry;

    RoutingDetector(FindingCatalog.Entry entry) {
        this.entry = entry;
    }

    @Override
    public final String phase() {
        return RoutingCodes.PHASE;
    }

    @Override
    public final List<String> codes() {
        return List.of(entry.code());
    }

    @Override
    public final List<FindingCatalog.Entry> catalog() {
        return List.of(entry);
    }
}
