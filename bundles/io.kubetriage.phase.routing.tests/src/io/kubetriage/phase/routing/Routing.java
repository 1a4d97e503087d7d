package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.snapshot.Snapshot;

/** The routing phase's detectors, run on a snapshot. */
final class Routing {

    private Routing() {
    }

    static List<Detector> all() {
        return List.of(new NoEndpointsDetector(), new ClusterIpMissingDetector(), new StaleEndpointsDetector(),
                new IpvsAddressDetector(), new KubeProxyDetector(), new RulesLostDetector());
    }

    static List<Finding> findings(Snapshot s) {
        return findings(DiagnosisInput.of(s));
    }

    static List<Finding> findings(DiagnosisInput input) {
        List<Finding> all = new ArrayList<>();
        for (Detector d : all()) {
            all.addAll(d.detect(input));
        }
        return all;
    }

    static Optional<Finding> byId(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    static Finding get(List<Finding> findings, String id) {
        return byId(findings, id).orElseThrow(() -> new AssertionError(id + " not among "
                + findings.stream().map(Finding::id).toList()));
    }

    static List<String> ids(List<Finding> findings) {
        return findings.stream().map(Finding::id).toList();
    }

    /** The text without the lines that contain any of the fragments. */
    static String without(String text, String... fragments) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            boolean drop = false;
            for (String f : fragments) {
                drop |= line.contains(f);
            }
            if (!drop) {
                b.append(line).append('\n');
            }
        }
        return b.toString().replaceAll("\n+$", "\n");
    }
}
