package io.kubetriage.core.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs detectors on one input and orders what they find cause first. A detector that throws does
 * not stop the others: it yields a {@link FindingCatalog#INTERNAL} finding naming it and its error.
 */
public final class Diagnosis {

    private final List<Detector> detectors;

    public Diagnosis(List<? extends Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /**
     * Every detector's findings, ordered by {@link #causeFirst(List)}. A cause that names no finding
     * of this run is dropped: detectors may name a likely cause from another phase (e.g. the
     * routing phase names the etcd rollback), and it stands only when that finding was made.
     */
    public List<Finding> run(DiagnosisInput input) {
        Objects.requireNonNull(input, "input");
        List<Finding> all = new ArrayList<>();
        for (Detector d : detectors) {
            try {
                List<Finding> found = d.detect(input);
                if (found != null) {
                    found.stream().filter(Objects::nonNull).forEach(all::add);
                }
            } catch (RuntimeException | LinkageError e) {
                all.add(failed(d.getClass().getName(), e));
            }
        }
        return causeFirst(withKnownCauses(all));
    }

    /** The findings, each cause that names none of them removed. */
    public static List<Finding> withKnownCauses(List<Finding> findings) {
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            boolean known = f.cause() == null || findings.stream().anyMatch(f::isCausedBy);
            out.add(known ? f : f.withCause(null));
        }
        return out;
    }

    /** The {@link FindingCatalog#INTERNAL} finding for a detector that failed with an error. */
    public static Finding failed(String detector, Throwable error) {
        String message = error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new Finding(Finding.id(FindingCatalog.INTERNAL, detector), FindingCatalog.INTERNAL, Severity.INFO,
                "Detector " + detector + " failed", FindingCatalog.INTERNAL_ENTRY.meaning(),
                List.of(Evidence.line(Evidence.Kind.LOG_LINE, "error", message, null)), List.of(), null, List.of());
    }

    /**
     * The findings with every cause before what it causes: roots (no cause among the findings) by
     * severity, each followed by the findings it causes (again by severity, recursively). Findings
     * caught in a cycle of causes come last. Otherwise the order given is kept.
     */
    public static List<Finding> causeFirst(List<Finding> findings) {
        Comparator<Finding> bySeverity = Comparator.comparing(Finding::severity);
        Map<Finding, Finding> parentOf = new IdentityHashMap<>();
        for (Finding f : findings) {
            if (f.cause() == null) {
                continue;
            }
            // a cause named by id wins over one named by code
            Finding parent = findings.stream().filter(p -> p != f && p.id().equals(f.cause())).findFirst()
                    .orElseGet(() -> findings.stream().filter(p -> p != f && p.code().equals(f.cause()))
                            .findFirst().orElse(null));
            if (parent != null) {
                parentOf.put(f, parent);
            }
        }
        Set<Finding> done = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Finding> ordered = new ArrayList<>();
        List<Finding> roots = findings.stream().filter(f -> !parentOf.containsKey(f)).sorted(bySeverity).toList();
        for (Finding root : roots) {
            emit(root, findings, parentOf, bySeverity, done, ordered);
        }
        Set<Finding> rest = new LinkedHashSet<>();
        findings.stream().filter(f -> !done.contains(f)).forEach(rest::add);
        ordered.addAll(rest);
        return List.copyOf(ordered);
    }

    private static void emit(Finding f, List<Finding> all, Map<Finding, Finding> parentOf,
            Comparator<Finding> order, Set<Finding> done, List<Finding> out) {
        if (!done.add(f)) {
            return;
        }
        out.add(f);
        List<Finding> children = all.stream().filter(c -> parentOf.get(c) == f).sorted(order).toList();
        for (Finding c : children) {
            emit(c, all, parentOf, order, done, out);
        }
    }
}
