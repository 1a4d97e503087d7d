package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.eclipse.core.runtime.IExtensionRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.diagnosis.DiagnosisService;
import io.kubetriage.diagnosis.PhaseDescriptor;
import io.kubetriage.diagnosis.PhaseRegistry;
import io.kubetriage.test.support.registry.PluginXmlRegistry;

/**
 * The plugin.xml of the diagnosis and routing bundles, read into a registry of its own (no OSGi
 * needed): the phase is declared right and its classes exist and work through the service.
 */
class PhaseContributionTest {

    private PluginXmlRegistry plugins;
    private IExtensionRegistry registry;

    @BeforeEach
    void load() throws Exception {
        plugins = PluginXmlRegistry.of(PhaseContributionTest.class, "io.kubetriage.diagnosis",
                "io.kubetriage.phase.routing");
        registry = plugins.registry();
    }

    @AfterEach
    void stop() {
        plugins.close();
    }

    @Test
    void theRoutingPhaseAndItsClassesAreDeclared() {
        PhaseRegistry phases = new PhaseRegistry(registry);
        assertEquals(List.of("routing"), phases.phases().stream().map(PhaseDescriptor::id).toList());
        PhaseDescriptor p = phases.phase("routing").orElseThrow();
        assertEquals("Service routing", p.name());
        assertFalse(p.description().isBlank());
        assertEquals(List.of(NoEndpointsDetector.class, ClusterIpMissingDetector.class, StaleEndpointsDetector.class,
                IpvsAddressDetector.class, KubeProxyDetector.class, RulesLostDetector.class),
                p.detectors().stream().map(Object::getClass).toList());
        assertEquals(List.of(RoutingFixes.class), p.quickFixProviders().stream().map(Object::getClass).toList());
    }

    @Test
    void theServiceDiagnosesAndPlansWithTheContributedClasses() {
        DiagnosisService service = new DiagnosisService(new PhaseRegistry(registry));
        DiagnosisInput input = DiagnosisInput.of(Cluster.iptables()
                .file(Cluster.WORKER, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-rules-lost.txt")).snapshot());
        List<Finding> found = service.diagnose(input);
        assertEquals(List.of("KT-ROUTING-006:worker-1", "KT-ROUTING-002:worker-1"),
                found.stream().map(Finding::id).toList());
        assertEquals(List.of("routing.restart-kube-proxy"), service.plans(found.get(0), input).stream()
                .map(FixPlan::fixId).toList());
    }
}
