package io.kubetriage.phase.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.diagnosis.DiagnosisService;
import io.kubetriage.diagnosis.PhaseDescriptor;
import io.kubetriage.diagnosis.PhaseRegistry;

/**
 * The rollback phase as the running platform sees it, through the extension point. Needs OSGi: it
 * runs in the Tycho build (the test bundle requires the phase, so the phase is installed).
 */
class PhaseRegistryTest {

    @Test
    void thePlatformRegistryListsTheRollbackPhase() {
        PhaseDescriptor rollback = new PhaseRegistry().phase("rollback").orElseThrow(
                () -> new AssertionError("phase rollback not contributed to " + PhaseRegistry.EXTENSION_POINT));
        assertEquals("io.kubetriage.phase.rollback", rollback.contributor());
        assertEquals(5, rollback.detectors().size());
        assertTrue(rollback.detectors().stream().allMatch(d -> d.phase().equals("rollback")));
        assertEquals(1, rollback.quickFixProviders().size());
        List<String> codes = new DiagnosisService().catalog().entries().stream().map(e -> e.code()).toList();
        assertTrue(codes.containsAll(List.of("KT-ROLLBACK-001", "KT-ROLLBACK-005", "KT-INTERNAL-001")), codes.toString());
    }
}
