package io.kubetriage.sample.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.cni.KubeconfigServers;
import io.kubetriage.core.node.ipaddr.IpAddrRecord;
import io.kubetriage.core.node.model.ClusterServices;
import io.kubetriage.core.node.model.KubeProxyConfig;
import io.kubetriage.core.node.model.ParsedNode;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.netfilter.ipvs.VirtualService;
import io.kubetriage.core.node.routing.ServiceRoute;
import io.kubetriage.core.node.routing.ServiceRouting;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.sample.SampleIncident;

/**
 * The node data of master-1 in both snapshots: it decodes and parses, it agrees with the API
 * objects beside it, and the routing model sees a healthy IPVS node before the restore and a node
 * that no longer serves the kubernetes ClusterIP after it.
 */
class SampleNodeDataTest {

    private static final String KUBERNETES_IP = "10.233.0.1";

    @Test
    void nodeDataDecodesAndParsesInBothSnapshots() throws Exception {
        for (Snapshot s : new Snapshot[] {SamplePair.BEFORE, SamplePair.AFTER}) {
            String name = s.manifest().name();
            NodeFiles files = NodeSectionCodec.decode(s).node(SampleIncident.NODE)
                    .orElseThrow(() -> new AssertionError(name + " has no node data for " + SampleIncident.NODE));
            assertTrue(files.complete(), name + ": every command went well: " + files.commands());
            for (String path : List.of(NodePaths.IPTABLES_SAVE, NodePaths.IPVSADM_LN, NodePaths.IPVSADM_SAVE,
                    NodePaths.IP_ADDR, "cni/10-calico.conflist", "cni/calico-kubeconfig",
                    "manifests/kube-apiserver.yaml", "manifests/kube-scheduler.yaml")) {
                assertTrue(files.files().containsKey(path), name + " has " + path + ": " + files.files().keySet());
            }
            ParsedNode node = SamplePair.master(s);
            assertEquals(List.of(), List.copyOf(node.problems().values()), name + ": every file parses");
            assertNotNull(node.data().iptables(), name);
            assertNotNull(node.data().ipvs(), name);
            assertEquals(ProxyMode.IPVS, KubeProxyConfig.of(s).orElseThrow().mode(), name + ": kube-proxy in IPVS mode");
        }
    }

    @Test
    void beforeTheRestoreEveryClusterIpPortIsServedOnMaster1() throws Exception {
        ParsedNode node = SamplePair.master(SamplePair.BEFORE);
        List<ServiceEndpoints> ports = ClusterServices.of(SamplePair.BEFORE);
        Set<String> services = ports.stream().map(p -> p.service().namespace() + "/" + p.service().name())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(services.containsAll(List.of("default/kubernetes", "kube-system/kube-dns", "shop/web", "shop/api",
                "shop/cart")), "the Services of the sample: " + services);
        List<String> notServed = new ArrayList<>();
        for (ServiceEndpoints p : ports) {
            assertFalse(p.ready().isEmpty(), p.port().displayName() + " has ready endpoints");
            ServiceRoute route = ServiceRouting.of(node.data(), p.port(), p.expected());
            if (route.verdict() != ServiceRoute.Verdict.SERVED) {
                notServed.add(p.port().target() + " " + route.verdict() + ": " + route.summary());
            }
        }
        assertEquals(List.of(), notServed, "every ClusterIP port is served as its Endpoints say");
        assertEquals(ports.size(), node.data().ipvs().services().size(),
                "one virtual service per ClusterIP port, no more");
        Set<String> onKubeIpvs0 = node.data().addresses().stream()
                .filter(a -> a.interfaceName().equals("kube-ipvs0")).map(IpAddrRecord::address)
                .collect(Collectors.toSet());
        assertEquals(ports.stream().map(p -> p.port().clusterIp()).collect(Collectors.toSet()), onKubeIpvs0,
                "kube-ipvs0 holds exactly the ClusterIPs");
        assertTrue(node.data().iptables().chain("nat", "KUBE-SERVICES") != null, "kube-proxy's chains are there");
    }

    @Test
    void afterTheRestoreTheKubernetesClusterIpIsNotServed() throws Exception {
        ParsedNode node = SamplePair.master(SamplePair.AFTER);
        ServiceEndpoints kubernetes = ClusterServices.kubernetes(ClusterServices.of(SamplePair.AFTER))
                .orElseThrow(() -> new AssertionError("no default/kubernetes Service after the restore"));
        assertEquals(KUBERNETES_IP, kubernetes.port().clusterIp());
        assertEquals(443, kubernetes.port().port());
        ServiceRoute route = ServiceRouting.of(node.data(), kubernetes.port(), kubernetes.expected());
        assertEquals(ServiceRoute.Verdict.NOT_SERVED, route.verdict(), route.summary());
        List<VirtualService> left = node.data().ipvs().services();
        assertEquals(List.of(), left, "no IPVS virtual service is left");
        assertTrue(node.data().iptables().chain("nat", "KUBE-SERVICES") == null, "kube-proxy's chains are gone");
        assertTrue(node.data().iptables().tables().values().stream().anyMatch(t -> t.chains().keySet().stream()
                .anyMatch(c -> c.startsWith("cali-"))), "Calico's chains remain");
    }

    @Test
    void calicoReachesTheApiServerThroughTheKubernetesClusterIp() throws Exception {
        for (Snapshot s : new Snapshot[] {SamplePair.BEFORE, SamplePair.AFTER}) {
            NodeFiles files = NodeSectionCodec.decode(s).node(SampleIncident.NODE).orElseThrow();
            assertTrue(files.files().get("cni/10-calico.conflist").contains("/etc/cni/net.d/calico-kubeconfig"),
                    "the conflist names the kubeconfig");
            List<String> servers = KubeconfigServers.servers(files.files().get("cni/calico-kubeconfig"),
                    "calico-kubeconfig");
            assertEquals(List.of("https://10.233.0.1:443"), servers, s.manifest().name());
            assertEquals(KUBERNETES_IP, KubeconfigServers.host(servers.get(0)));
        }
        String kubernetesIp = SamplePair.object(SamplePair.AFTER, "", "Service", "default", "kubernetes")
                .path("spec").path("clusterIP").asText();
        assertEquals(KUBERNETES_IP, kubernetesIp, "the API objects agree with the node files");
    }
}
