package io.kubetriage.phase.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.diagnosis.DiagnosisService;
import io.kubetriage.diagnosis.PhaseDescriptor;
import io.kubetriage.diagnosis.PhaseRegistry;

/**
 * The CNI phase as the running platform sees it, through the extension point. Needs OSGi: it runs
 * in the Tycho build (the test bundle requires the phase, so the phase is installed).
 */
class PhaseRegistryTest {

    @Test
    void thePlatformRegistryListsTheCniPhase() {
        PhaseDescriptor cni = new PhaseRegistry().phase("cni").orElseThrow(
                () -> new AssertionError("phase cni not contributed to " + PhaseRegistry.EXTENSION_POINT));
        assertEquals("io.kubetriage.phase.cni", cni.contributor());
        assertEquals("CNI reachability", cni.name());
        assertEquals(4, cni.detectors().size());
        assertTrue(cni.detectors().stream().allMatch(d -> d.phase().equals("cni")));
        assertEquals(1, cni.quickFixProviders().size());
        List<String> codes = new DiagnosisService().catalog().entries().stream().map(e -> e.code()).toList();
        assertTrue(codes.containsAll(List.of("KT-CNI-001", "KT-CNI-002", "KT-CNI-003", "KT-CNI-004")), codes.toString());
    }
}
