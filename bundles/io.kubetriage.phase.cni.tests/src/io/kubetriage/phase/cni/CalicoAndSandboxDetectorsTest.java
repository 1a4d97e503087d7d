package io.kubetriage.phase.cni;

import static io.kubetriage.phase.cni.CniCluster.appPod;
import static io.kubetriage.phase.cni.CniCluster.calicoFiles;
import static io.kubetriage.phase.cni.CniCluster.calicoPod;
import static io.kubetriage.phase.cni.CniCluster.sandboxMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.snapshot.ObjectKey;

/** KT-CNI-002 (calico-node not Ready) and KT-CNI-003 (sandboxes without a network), with their causes. */
class CalicoAndSandboxDetectorsTest {

    private final CalicoNodeNotReadyDetector calico = new CalicoNodeNotReadyDetector();
    private final SandboxErrorsDetector sandbox = new SandboxErrorsDetector();

    /** node-1 healthy, node-2 lost its IPVS rules; calico-node not Ready on node-2. */
    private static CniCluster incident() {
        return CniCluster.withApiServer().add(CniCluster.daemonSet(null), calicoPod("node-1", true),
                calicoPod("node-2", false), appPod("web-1", "node-2"), appPod("web-2", "node-1"))
                .node("node-1", "ipvsadm-Ln-served.txt", calicoFiles("calico-kubeconfig"))
                .node("node-2", "ipvsadm-Ln-lost.txt", calicoFiles("calico-kubeconfig"));
    }

    @Test
    void aCrashLoopingCalicoNodeOnANodeThatCannotReachTheApiServerIsCausedByIt() {
        List<Finding> found = calico.detect(incident().input());

        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals("KT-CNI-002:node-2", f.id());
        assertEquals("KT-CNI-001:node-2", f.cause());
        Evidence e = f.evidence().get(0);
        assertEquals(new ObjectKey("", "Pod", "kube-system", "calico-node-node-2"), e.object());
        assertTrue(e.detail().contains("CrashLoopBackOff"), e.detail());
        assertTrue(e.detail().contains("Ready False"), e.detail());
        assertEquals(List.of("cni.set-apiserver-endpoint", "cni.restart-calico-node"), f.fixIds());
    }

    @Test
    void aNotReadyCalicoNodeOnAServedNodeHasNoCause() {
        CniCluster c = CniCluster.withApiServer().add(CniCluster.daemonSet(null), calicoPod("node-1", false))
                .node("node-1", "ipvsadm-Ln-served.txt", calicoFiles("calico-kubeconfig"));

        Finding f = calico.detect(c.input()).get(0);

        assertEquals("KT-CNI-002:node-1", f.id());
        assertNull(f.cause());
    }

    @Test
    void aCalicoNodeWithoutAPodIsReportedOnlyWhenCalicoIsInstalled() {
        CniCluster installed = CniCluster.withApiServer().add(CniCluster.daemonSet(null))
                .node("node-1", "ipvsadm-Ln-served.txt", calicoFiles("calico-kubeconfig"));
        CniCluster notCaptured = CniCluster.withApiServer()
                .node("node-1", "ipvsadm-Ln-served.txt", calicoFiles("calico-kubeconfig"));

        Finding f = calico.detect(installed.input()).get(0);

        assertEquals("KT-CNI-002:node-1", f.id());
        assertEquals("no calico-node Pod", f.evidence().get(0).label());
        assertEquals(List.of(), calico.detect(notCaptured.input()), "no DaemonSet nor Pods captured: nothing to say");
    }

    @Test
    void readyCalicoNodesRaiseNothing() {
        CniCluster c = CniCluster.withApiServer().add(CniCluster.daemonSet(null), calicoPod("node-1", true),
                calicoPod("node-2", true)).node("node-1", "ipvsadm-Ln-served.txt", calicoFiles("calico-kubeconfig"));

        assertEquals(List.of(), calico.detect(c.input()));
    }

    @Test
    void sandboxErrorsAreGroupedByThePodsNodeAndCausedByItsUnservedApiServerAddress() {
        CniCluster c = incident()
                .event("shop", "web-1.1", "FailedCreatePodSandBox", sandboxMessage("web-1", "10.233.0.1:443"), "web-1",
                        null)
                .event("shop", "web-1.2", "FailedCreatePodSandBox", sandboxMessage("web-1", "10.233.0.1:443"), "web-1",
                        "node-9")
                .event("shop", "web-1.3", "Scheduled", "Successfully assigned shop/web-1 to node-2", "web-1", null);

        List<Finding> found = sandbox.detect(c.input());

        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals("KT-CNI-003:node-2", f.id(), "the Pod's node wins over the event's source host");
        assertEquals("KT-CNI-001:node-2", f.cause());
        assertEquals(2, f.evidence().size());
        assertTrue(f.evidence().stream().allMatch(e -> e.kind() == Evidence.Kind.EVENT
                && e.label().equals("FailedCreatePodSandBox (dialed 10.233.0.1:443)")), f.evidence().toString());
        assertEquals(List.of(new ObjectKey("", "Pod", "shop", "web-1")), f.affected());
        assertTrue(f.title().startsWith("6 Pod sandboxes"), "counts the events' repeats: " + f.title());
    }

    @Test
    void theEventsSourceHostAndThenUnknownAreTheFallbackGroups() {
        CniCluster c = incident()
                .event("shop", "gone.1", "FailedCreatePodSandBox",
                        "Failed to create pod sandbox: failed to setup network for sandbox \"ab12\": plugin "
                                + "type=\"calico\" failed (add): error getting ClusterInformation: connection is "
                                + "unauthorized", "gone", "node-7")
                .event("shop", "orphan.1", "Warning", "networkPlugin cni failed to set up pod \"orphan_shop\" network: "
                        + "dial tcp 10.233.0.1:443: connect: connection refused", null, null);

        List<Finding> found = sandbox.detect(c.input());

        assertEquals(List.of("KT-CNI-003:node-7", "KT-CNI-003:unknown"), found.stream().map(Finding::id).toList());
        assertNull(found.get(0).cause(), "node-7's CNI files were not collected");
        assertNull(found.get(1).cause());
    }

    @Test
    void aDialedAddressThatIsNotTheNodesCniAddressNamesNoReachabilityCause() {
        CniCluster c = CniCluster.withApiServer().add(CniCluster.daemonSet(null), calicoPod("node-2", true),
                appPod("web-1", "node-2")).node("node-2", "ipvsadm-Ln-lost.txt", calicoFiles("calico-kubeconfig"))
                .event("shop", "web-1.1", "FailedCreatePodSandBox", sandboxMessage("web-1", "10.96.0.1:443"), "web-1",
                        null);

        Finding f = sandbox.detect(c.input()).get(0);

        assertEquals("KT-CNI-003:node-2", f.id());
        assertNull(f.cause());
    }

    @Test
    void eventsWithoutSandboxErrorsRaiseNothing() {
        CniCluster c = incident().event("shop", "web-2.1", "Pulled", "Container image \"nginx\" already present",
                "web-2", null);

        assertEquals(List.of(), sandbox.detect(c.input()));
    }

    @Test
    void anUnknownPluginTypeIsAWarningAndAMissingKubeconfigAnErrorMarkedAtItsLine() {
        String conflist = CniCluster.fixture("10-calico.conflist");
        CniCluster typo = CniCluster.withApiServer().node("node-1", "ipvsadm-Ln-served.txt", Map.of(
                "10-calico.conflist", conflist.replace("\"portmap\"", "\"portmapp\""),
                "calico-kubeconfig", CniCluster.fixture("calico-kubeconfig")));
        String placeholder = conflist.replace("/etc/cni/net.d/calico-kubeconfig", "__KUBECONFIG_FILEPATH__");
        CniCluster missing = CniCluster.withApiServer().node("node-1", "ipvsadm-Ln-served.txt",
                Map.of("10-calico.conflist", placeholder));

        Finding warning = new InvalidConfigDetector().detect(typo.input()).get(0);
        Finding error = new InvalidConfigDetector().detect(missing.input()).get(0);

        assertEquals(io.kubetriage.core.diagnosis.Severity.WARNING, warning.severity());
        assertEquals(CniCluster.lineOf(conflist, "\"portmap\""), warning.evidence().get(0).location().line());
        assertEquals("KT-CNI-004:node-1", error.id());
        assertEquals(io.kubetriage.core.diagnosis.Severity.ERROR, error.severity());
        Evidence e = error.evidence().get(0);
        assertEquals("kubeconfig missing", e.label());
        assertEquals("cni/10-calico.conflist", e.location().file());
        assertEquals(CniCluster.lineOf(placeholder, "__KUBECONFIG_FILEPATH__"), e.location().line());
        assertTrue(e.sourceLine().contains("__KUBECONFIG_FILEPATH__"), e.sourceLine());
        assertEquals(List.of("cni.restart-calico-node"), error.fixIds());
    }
}
