package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.eclipse.core.runtime.ContributorFactorySimple;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.RegistryFactory;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.spi.RegistryContributor;
import org.eclipse.core.runtime.spi.RegistryStrategy;
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
import io.kubetriage.test.support.SourceTree;

/**
 * The plugin.xml of the diagnosis and routing bundles, read into a registry of its own (no OSGi
 * needed): the phase is declared right and its classes exist and work through the service.
 */
class PhaseContributionTest {

    private final Object token = new Object();
    private IExtensionRegistry registry;

    @BeforeEach
    void load() throws Exception {
        RegistryStrategy strategy = new RegistryStrategy(null, null) {
            @Override
            public Object createExecutableExtension(RegistryContributor contributor, String className,
                    String overriddenContributorName) throws CoreException {
                try {
                    return Class.forName(className, true, PhaseContributionTest.class.getClassLoader())
                            .getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new CoreException(Status.error("cannot create " + className, e));
                }
            }
        };
        registry = RegistryFactory.createRegistry(strategy, token, null);
        add("io.kubetriage.diagnosis", Files.readString(SourceTree.file("bundles/io.kubetriage.diagnosis/plugin.xml")));
        add("io.kubetriage.phase.routing",
                Files.readString(SourceTree.file("bundles/io.kubetriage.phase.routing/plugin.xml")));
    }

    @AfterEach
    void stop() {
        registry.stop(token);
    }

    private void add(String contributor, String xml) {
        InputStream in = new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
        assertTrue(registry.addContribution(in, ContributorFactorySimple.createContributor(contributor), false,
                contributor, null, token), "contribution of " + contributor);
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
