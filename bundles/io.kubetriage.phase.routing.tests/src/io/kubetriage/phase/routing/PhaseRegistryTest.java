package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.diagnosis.DiagnosisService;
import io.kubetriage.diagnosis.PhaseDescriptor;
import io.kubetriage.diagnosis.PhaseRegistry;

/**
 * The routing phase as the running platform sees it, through the extension point. Needs OSGi: it
 * runs in the Tycho build (the test bundle requires the phase, so the phase is installed).
 */
class PhaseRegistryTest {

    @Test
    void thePlatformRegistryListsTheRoutingPhase() {
        PhaseDescriptor routing = new PhaseRegistry().phase("routing").orElseThrow(
                () -> new AssertionError("phase routing not contributed to " + PhaseRegistry.EXTENSION_POINT));
        assertEquals("io.kubetriage.phase.routing", routing.contributor());
        assertEquals("Service routing", routing.name());
        assertEquals(6, routing.detectors().size());
        assertTrue(routing.detectors().stream().allMatch(d -> d.phase().equals("routing")));
        assertEquals(1, routing.quickFixProviders().size());
        List<String> codes = new DiagnosisService().catalog().entries().stream().map(e -> e.code()).toList();
        assertTrue(codes.containsAll(List.of("KT-ROUTING-001", "KT-ROUTING-006", "KT-INTERNAL-001")), codes.toString());
    }
}
