package io.kubetriage.phase.cni;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubetriage.core.diagnosis.DerivedData;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.kubeconfig.KubeconfigException;
import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.cni.CniConfigParser;
import io.kubetriage.core.node.cni.CniValidation;
import io.kubetriage.core.node.cni.KubeconfigServers;
import io.kubetriage.core.node.model.ClusterServices;
import io.kubetriage.core.node.model.DiagnosisNodeData;
import io.kubetriage.core.node.model.NodeParsing;
import io.kubetriage.core.node.model.ParsedNode;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.routing.ServiceRoute;
import io.kubetriage.core.node.routing.ServiceRouting;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * How the CNI plugin of each node reaches the API server: the addresses it uses (the servers of
 * the kubeconfig its configuration names, and {@code KUBERNETES_SERVICE_HOST/PORT} set on the
 * calico-node DaemonSet), and, for an address that is a Service ClusterIP, what the node's
 * kube-proxy rules do with it. Only nodes whose CNI files were collected are described.
 */
public final class CniReachability {

    /** Calico's usual kubeconfig, read even when no configuration names it. */
    public static final String CALICO_KUBECONFIG = "calico-kubeconfig";
    static final String HOST_VAR = "KUBERNETES_SERVICE_HOST";
    static final String PORT_VAR = "KUBERNETES_SERVICE_PORT";

    private static final DerivedData.Key<List<NodeCni>> NODES = DerivedData.key("CNI reachability of the nodes");

    private CniReachability() {
    }

    /**
     * An API server address a node's CNI plugin uses.
     *
     * @param server     the address as written (a URL, or host and port)
     * @param host       its host, without brackets
     * @param port       its port (443 when a https URL names none)
     * @param file       the node file it was read from ({@code cni/calico-kubeconfig}), or null
     * @param line       the 1-based line in that file, or 0
     * @param sourceLine that line as written, or null
     * @param object     the object it was read from (the calico-node DaemonSet), or null
     * @param origin     where it was read, in words
     */
    public record ApiServerAddress(String server, String host, int port, String file, int line, String sourceLine,
            ObjectKey object, String origin) {

        /** {@code host:port}, IPv6 in brackets. */
        public String hostPort() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * An address that is a ClusterIP, and the node's route for it.
     *
     * @param address the address
     * @param service the Service port whose ClusterIP and port it is
     * @param route   what the node does with a connection to it
     */
    public record Check(ApiServerAddress address, ServiceEndpoints service, ServiceRoute route) {

        /** Whether the node does not (fully) deliver the address to the Service's endpoints. */
        public boolean unserved() {
            return switch (route.verdict()) {
                case NOT_SERVED, NO_ENDPOINTS, PARTIALLY_SERVED -> true;
                default -> false;
            };
        }
    }

    /**
     * One node's CNI files, checked.
     *
     * @param node       the parsed node
     * @param validation the check of its {@code /etc/cni/net.d}
     * @param calico     whether its files are Calico's (a calico plugin or a calico-kubeconfig)
     * @param addresses  the API server addresses its CNI plugin uses
     * @param checks     the addresses that are ClusterIPs, with their routes
     */
    public record NodeCni(ParsedNode node, CniValidation validation, boolean calico, List<ApiServerAddress> addresses,
            List<Check> checks) {

        public String name() {
            return node.name();
        }

        /** The checks whose address the node does not serve. */
        public List<Check> unserved() {
            return checks.stream().filter(Check::unserved).toList();
        }

        /** Whether KT-CNI-001 holds on the node. */
        public boolean apiServerUnreachable() {
            return !unserved().isEmpty();
        }
    }

    /** Every node of the snapshot with collected CNI files; empty when the node data cannot be read. */
    public static List<NodeCni> of(Snapshot snapshot) {
        List<ParsedNode> nodes;
        try {
            nodes = NodeParsing.of(snapshot);
        } catch (NodeDataException e) {
            return List.of();
        }
        return of(snapshot, nodes, ClusterServices.of(snapshot));
    }

    /** {@link #of(Snapshot)} of a diagnosis input, computed once per run and shared by the phase's detectors. */
    public static List<NodeCni> of(DiagnosisInput input) {
        return input.derived().get(NODES, () -> {
            try {
                return of(input.snapshot(), DiagnosisNodeData.nodes(input), DiagnosisNodeData.services(input));
            } catch (NodeDataException e) {
                return List.of();
            }
        });
    }

    private static List<NodeCni> of(Snapshot snapshot, List<ParsedNode> nodes, List<ServiceEndpoints> services) {
        List<ApiServerAddress> fromEnv = envAddresses(snapshot);
        CniConfigParser parser = new CniConfigParser();
        List<NodeCni> result = new ArrayList<>();
        for (ParsedNode n : nodes) {
            Map<String, String> files = n.data().cniFiles();
            if (files.isEmpty()) {
                continue;
            }
            CniValidation validation = parser.validate(files, null);
            boolean calico = files.containsKey(CALICO_KUBECONFIG)
                    || validation.configs().stream().anyMatch(c -> c.plugin("calico") != null);
            List<ApiServerAddress> addresses = new ArrayList<>(fileAddresses(files, validation));
            if (calico) {
                addresses.addAll(fromEnv);
            }
            List<Check> checks = new ArrayList<>();
            for (ApiServerAddress a : addresses) {
                clusterIpService(services, a).ifPresent(svc -> checks.add(new Check(a, svc,
                        ServiceRouting.of(n.data(), svc.port(), svc.expected()))));
            }
            result.add(new NodeCni(n, validation, calico, List.copyOf(addresses), List.copyOf(checks)));
        }
        return List.copyOf(result);
    }

    /** The node's state by name, when its CNI files were collected. */
    public static Optional<NodeCni> node(List<NodeCni> nodes, String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The servers of the kubeconfigs the configurations name, else of {@value #CALICO_KUBECONFIG}. */
    private static List<ApiServerAddress> fileAddresses(Map<String, String> files, CniValidation validation) {
        List<ApiServerAddress> out = new ArrayList<>();
        for (CniValidation.ApiServer s : validation.apiServers()) {
            String text = files.get(s.kubeconfigFile());
            address(s.server(), s.kubeconfigFile(), s.line(), text).ifPresent(out::add);
        }
        if (out.isEmpty() && files.containsKey(CALICO_KUBECONFIG)) {
            String text = files.get(CALICO_KUBECONFIG);
            try {
                for (String server : KubeconfigServers.servers(text, CALICO_KUBECONFIG)) {
                    address(server, CALICO_KUBECONFIG, KubeconfigServers.lineOf(text, server), text).ifPresent(out::add);
                }
            } catch (KubeconfigException e) {
                // an unreadable kubeconfig is KT-CNI-004's business
            }
        }
        return out;
    }

    private static Optional<ApiServerAddress> address(String server, String fileName, int line, String text) {
        String host = KubeconfigServers.host(server);
        int port = port(server);
        if (host == null || port <= 0) {
            return Optional.empty();
        }
        String file = NodePaths.CNI_DIR + "/" + fileName;
        String sourceLine = lineText(text, line);
        return Optional.of(new ApiServerAddress(server, host, port, file, line, sourceLine, null,
                file + (line > 0 ? " line " + line : "")));
    }

    /**
     * The address set by {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} literals in the calico-node
     * DaemonSet's calico-node container; none when the variables are not set there (the kubelet's
     * injected values are not in the spec).
     */
    private static List<ApiServerAddress> envAddresses(Snapshot snapshot) {
        Optional<ApiObject> ds = CalicoObjects.daemonSet(snapshot);
        if (ds.isEmpty()) {
            return List.of();
        }
        JsonNode container = CalicoObjects.container(KubeObjects.tree(ds.get()), "containers", CalicoObjects.CONTAINER);
        String host = CalicoObjects.envValue(container, HOST_VAR);
        if (host == null || host.isBlank()) {
            return List.of();
        }
        String portText = CalicoObjects.envValue(container, PORT_VAR);
        int port;
        try {
            port = portText == null ? 443 : Integer.parseInt(portText.strip());
        } catch (NumberFormatException e) {
            return List.of();
        }
        if (port < 1 || port > 65535) {
            return List.of();
        }
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        String origin = HOST_VAR + "=" + host.strip() + (portText == null ? "" : ", " + PORT_VAR + "=" + portText.strip())
                + " on container " + CalicoObjects.CONTAINER + " of DaemonSet " + ds.get().key().namespace() + "/"
                + ds.get().key().name();
        return List.of(new ApiServerAddress(h + ":" + port, h, port, null, 0, null, ds.get().key(), origin));
    }

    private static Optional<ServiceEndpoints> clusterIpService(List<ServiceEndpoints> services, ApiServerAddress a) {
        if (Cidr.parseAddress(a.host()) == null) {
            return Optional.empty();
        }
        return services.stream().filter(s -> s.port().protocol().equals("TCP") && s.port().port() == a.port()
                && Cidr.sameAddress(s.port().clusterIp(), a.host())).findFirst();
    }

    /** The port of a server URL or host:port; 443 for https (or none), 80 for http; -1 when unreadable. */
    static int port(String server) {
        String s = server.strip();
        if (!s.contains("://")) {
            s = "https://" + s;
        }
        try {
            URI uri = new URI(s);
            if (uri.getPort() > 0) {
                return uri.getPort();
            }
            return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        } catch (URISyntaxException e) {
            return -1;
        }
    }

    static String lineText(String text, int line) {
        if (text == null || line <= 0) {
            return null;
        }
        String[] lines = text.split("\n", -1);
        return line <= lines.length ? lines[line - 1].replace("\r", "") : null;
    }
}
