package io.kubetriage.phase.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.runtime.IExtensionRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.diagnosis.DiagnosisService;
import io.kubetriage.diagnosis.PhaseDescriptor;
import io.kubetriage.diagnosis.PhaseRegistry;
import io.kubetriage.test.support.registry.PluginXmlRegistry;

/**
 * The plugin.xml of the diagnosis and rollback bundles, read into a registry of its own (no OSGi
 * needed): the phase is declared right, its classes exist, and broken contributions are skipped.
 */
class PhaseContributionTest {

    private PluginXmlRegistry plugins;
    private IExtensionRegistry registry;

    @BeforeEach
    void load() throws Exception {
        plugins = PluginXmlRegistry.of(PhaseContributionTest.class, "io.kubetriage.diagnosis",
                "io.kubetriage.phase.rollback");
        registry = plugins.registry();
    }

    @AfterEach
    void stop() {
        plugins.close();
    }

    @Test
    void theRollbackPhaseAndItsClassesAreDeclared() {
        PhaseRegistry phases = new PhaseRegistry(registry);
        assertEquals(List.of("rollback"), phases.phases().stream().map(PhaseDescriptor::id).toList());
        PhaseDescriptor p = phases.phase("rollback").orElseThrow();
        assertEquals("etcd rollback", p.name());
        assertEquals(List.of(RevisionBackwardsDetector.class, ObjectsBackwardsDetector.class,
                RolloutMismatchDetector.class, SchedulerDetector.class, ResourceVersionErrorsDetector.class),
                p.detectors().stream().map(Object::getClass).toList());
        assertEquals(List.of(RollbackFixes.class), p.quickFixProviders().stream().map(Object::getClass).toList());
        assertTrue(p.detectors() == p.detectors(), "created once");
    }

    @Test
    void theServiceDiagnosesAndPlansWithTheContributedClasses() {
        DiagnosisService service = new DiagnosisService(new PhaseRegistry(registry));
        io.kubetriage.core.snapshot.Snapshot s = Cluster.of().add(Cluster.configMap("a", 450, "x")).etcd(310)
                .snapshot();
        DiagnosisInput input = DiagnosisInput.of(s);
        List<Finding> found = service.diagnose(input);
        assertEquals("KT-ROLLBACK-001", found.get(0).code());
        List<String> plans = service.plans(found.get(0), input).stream().map(p -> p.fixId()).toList();
        assertEquals(List.of("rollback.restart-control-plane", "rollback.proper-restore"), plans);
    }

    @Test
    void brokenContributionsAreSkipped() {
        plugins.add("io.kubetriage.phase.broken", """
                <?xml version="1.0" encoding="UTF-8"?>
                <plugin>
                   <extension point="io.kubetriage.diagnosis.phases">
                      <phase name="no id"/>
                      <phase id="broken" name="Broken">
                         <detector class="io.kubetriage.phase.broken.NoSuchDetector"/>
                         <detector class="java.lang.Object"/>
                         <detector class="io.kubetriage.phase.rollback.SchedulerDetector"/>
                      </phase>
                      <phase id="rollback" name="Second rollback"/>
                   </extension>
                </plugin>
                """);
        PhaseRegistry phases = new PhaseRegistry(registry);
        List<String> ids = phases.phases().stream().map(PhaseDescriptor::id).toList();
        assertEquals(2, ids.size(), ids.toString());
        assertTrue(ids.containsAll(List.of("rollback", "broken")));
        assertEquals("etcd rollback", phases.phase("rollback").orElseThrow().name(), "the first one is kept");
        assertEquals(List.of(SchedulerDetector.class), phases.phase("broken").orElseThrow().detectors().stream()
                .map(Object::getClass).toList());
        assertEquals(List.of(), new PhaseRegistry(null).phases());
    }
}
