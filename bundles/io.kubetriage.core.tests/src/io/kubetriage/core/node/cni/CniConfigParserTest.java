package io.kubetriage.core.node.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.NodeFixtures;

class CniConfigParserTest {

    private static final Cidr SERVICE_CIDR = Cidr.parse("10.233.0.0/18");
    private final CniConfigParser parser = new CniConfigParser();

    @Test
    void readsCalicoConflist() throws Exception {
        CniConfig config = parser.parse("10-calico.conflist", NodeFixtures.text("10-calico.conflist"));
        assertTrue(config.list());
        assertEquals("k8s-pod-network", config.name());
        assertEquals("0.3.1", config.cniVersion());
        assertEquals(List.of("calico", "portmap", "bandwidth"), config.plugins().stream().map(CniPlugin::type).toList());
        CniPlugin calico = config.plugin("calico");
        assertEquals("/plugins/0", calico.pointer());
        assertEquals(5, calico.line());
        assertEquals("/etc/cni/net.d/calico-kubeconfig", calico.calico().kubeconfigPath());
        assertEquals(19, calico.calico().kubeconfigLine());
        assertEquals("kubernetes", calico.calico().datastoreType());
        assertEquals("calico-ipam", calico.calico().ipamType());
        assertEquals(22, config.plugin("portmap").line());
        assertTrue(config.plugin("portmap").rawJson().contains("\"snat\":true"));
    }

    @Test
    void readsSingleConf() throws Exception {
        CniConfig config = parser.parse("10-flannel.conf",
                "{\"name\":\"cbr0\",\"cniVersion\":\"0.3.1\",\"type\":\"flannel\",\"delegate\":{\"isDefaultGateway\":true}}");
        assertFalse(config.list());
        assertEquals("flannel", config.plugins().get(0).type());
        assertEquals("", config.plugins().get(0).pointer());
    }

    @Test
    void kubeconfigServersReusesTheKubeconfigParser() throws Exception {
        List<String> servers = KubeconfigServers.servers(NodeFixtures.text("calico-kubeconfig"), "calico-kubeconfig");
        assertEquals(List.of("https://10.233.0.1:443"), servers);
        assertEquals("10.233.0.1", KubeconfigServers.host(servers.get(0)));
        assertEquals("fd00::1", KubeconfigServers.host("https://[fd00::1]:6443"));
        assertTrue(KubeconfigServers.isInside(servers.get(0), SERVICE_CIDR));
        assertFalse(KubeconfigServers.isInside("https://192.168.10.10:6443", SERVICE_CIDR));
    }

    @Test
    void validationReportsTheClusterIpDependency() {
        CniValidation v = parser.validate(Map.of("10-calico.conflist", NodeFixtures.text("10-calico.conflist"),
                "calico-kubeconfig", NodeFixtures.text("calico-kubeconfig")), SERVICE_CIDR);
        assertEquals("10-calico.conflist", v.active().fileName());
        assertEquals(1, v.apiServers().size());
        assertTrue(v.apiServers().get(0).clusterIp());
        assertEquals(1, v.problems().size());
        CniProblem p = v.problems().get(0);
        assertEquals(CniProblem.Kind.SERVER_IS_CLUSTER_IP, p.kind());
        assertEquals("calico-kubeconfig", p.file());
        assertEquals(7, p.line());

        CniValidation unknownCidr = parser.validate(Map.of("10-calico.conflist", NodeFixtures.text("10-calico.conflist"),
                "calico-kubeconfig", NodeFixtures.text("calico-kubeconfig")), null);
        assertTrue(unknownCidr.ok());
    }

    @Test
    void validationReportsMissingKubeconfigAndUnknownTypes() {
        String conflist = NodeFixtures.text("10-calico.conflist").replace("\"bandwidth\"", "\"bandwith\"");
        CniValidation v = parser.validate(Map.of("10-calico.conflist", conflist, "99-broken.conf", "{\"type\": "),
                SERVICE_CIDR);
        List<CniProblem.Kind> kinds = v.problems().stream().map(CniProblem::kind).toList();
        assertEquals(List.of(CniProblem.Kind.KUBECONFIG_MISSING, CniProblem.Kind.UNKNOWN_PLUGIN_TYPE,
                CniProblem.Kind.UNREADABLE_FILE), kinds);
        CniProblem unknown = v.problems().get(1);
        assertEquals("/plugins/2/type", unknown.pointer());
        assertEquals(28, unknown.line());
        assertEquals("/plugins/0/kubernetes/kubeconfig", v.problems().get(0).pointer());
        assertEquals(19, v.problems().get(0).line());
        assertEquals(CniProblem.Kind.NO_NETWORK_CONFIG,
                parser.validate(Map.of("calico-kubeconfig", "x"), SERVICE_CIDR).problems().get(0).kind());
    }

    @Test
    void malformedFilesAreRefused() {
        assertLine(0, "");
        assertLine(4, "{\n  \"name\": \"x\",\n  \"plugins\": [ {\"type\": \"calico\" \n");   // truncated: ends on line 4
        assertLine(1, "[1, 2]");
        assertLine(1, "garbage");
        assertLine(2, "{\n \"name\": \"a\\q\"}");                                           // bad escape
        assertLine(1, "{\"name\": \"x\", \"plugins\": []}");
        assertLine(2, "{\"name\": \"x\", \"plugins\": [\n {\"kind\": \"calico\"}]}");          // no type
        assertLine(1, "{\"name\": \"x\", \"cniVersion\": \"1.0.0\"}");                       // .conflist without plugins
    }

    private void assertLine(int line, String text) {
        NodeDataFormatException e = assertThrows(NodeDataFormatException.class,
                () -> parser.parse("x.conflist", text), text);
        assertEquals(line, e.line(), e.getMessage());
    }
}
