package io.kubetriage.phase.cni;

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
 * The plugin.xml of the diagnosis and CNI bundles, read into a registry of its own (no OSGi
 * needed): the phase is declared right and its classes exist.
 */
class PhaseContributionTest {

    private PluginXmlRegistry plugins;
    private IExtensionRegistry registry;

    @BeforeEach
    void load() throws Exception {
        plugins = PluginXmlRegistry.of(PhaseContributionTest.class, "io.kubetriage.diagnosis",
                "io.kubetriage.phase.cni");
        registry = plugins.registry();
    }

    @AfterEach
    void stop() {
        plugins.close();
    }

    @Test
    void theCniPhaseAndItsClassesAreDeclared() {
        PhaseRegistry phases = new PhaseRegistry(registry);
        assertEquals(List.of("cni"), phases.phases().stream().map(PhaseDescriptor::id).toList());
        PhaseDescriptor p = phases.phase("cni").orElseThrow();
        assertEquals("CNI reachability", p.name());
        assertTrue(p.description().contains("calico-node"), p.description());
        assertEquals(List.of(ApiServerUnreachableDetector.class, CalicoNodeNotReadyDetector.class,
                SandboxErrorsDetector.class, InvalidConfigDetector.class),
                p.detectors().stream().map(Object::getClass).toList());
        assertEquals(List.of(CniFixes.class), p.quickFixProviders().stream().map(Object::getClass).toList());
    }

    @Test
    void theServiceDiagnosesAndPlansWithTheContributedClasses() {
        DiagnosisService service = new DiagnosisService(new PhaseRegistry(registry));
        DiagnosisInput input = CniCluster.withApiServer().add(CniCluster.daemonSet(null),
                CniCluster.calicoPod("node-2", false))
                .node("node-2", "ipvsadm-Ln-lost.txt", CniCluster.calicoFiles("calico-kubeconfig")).input();

        List<Finding> found = service.diagnose(input);

        assertEquals(List.of("KT-CNI-001:node-2", "KT-CNI-002:node-2"), found.stream().map(Finding::id).toList());
        assertEquals(List.of("cni.set-apiserver-endpoint", "cni.restart-calico-node"),
                service.plans(found.get(0), input).stream().map(p -> p.fixId()).toList());
    }
}
