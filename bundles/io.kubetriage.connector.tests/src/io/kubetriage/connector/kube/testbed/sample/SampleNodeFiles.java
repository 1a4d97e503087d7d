package io.kubetriage.connector.kube.testbed.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.kubetriage.core.node.model.ClusterServices;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodeDirectory;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The node data of the sample: the files written by hand in the node-data layout
 * ({@code sample-src/before/master-1/...}, {@code sample-src/after/master-1/...}) and, for the
 * healthy node, what kube-proxy in IPVS mode makes of the snapshot's Services: one virtual service
 * per ClusterIP and port with the ready endpoints as real servers ({@code ipvsadm -Ln --exact},
 * {@code ipvsadm --save -n}), and every ClusterIP on {@code kube-ipvs0} ({@code ip -o addr show}).
 * Taking these from the captured objects keeps the node's tables and the API in agreement.
 */
final class SampleNodeFiles {

    /** The interface index of kube-ipvs0 on the sample node (see the hand-written ip-addr.txt). */
    static final int KUBE_IPVS0_INDEX = 4;
    private static final String IPVS_HEADER = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            """;

    private SampleNodeFiles() {
    }

    /**
     * The snapshot with node {@value StandInKubelet#NODE}'s files and the kube-proxy ConfigMap
     * attached.
     *
     * @param sideDir      {@code sample-src/before} or {@code sample-src/after}
     * @param kubeProxyCm  the kube-proxy ConfigMap as YAML
     * @param ipvsFromApi  whether kube-proxy's IPVS table and kube-ipvs0 addresses are made from the
     *                     snapshot's Services (the healthy node); otherwise the hand-written files
     *                     are taken as they are
     */
    static Snapshot attach(Snapshot snapshot, Path sideDir, String kubeProxyCm, boolean ipvsFromApi)
            throws IOException, NodeDataException {
        NodeFiles written = NodeDirectory.read(sideDir).node(StandInKubelet.NODE).orElseThrow(
                () -> new NodeDataException(sideDir + " has no folder " + StandInKubelet.NODE));
        Map<String, String> files = new TreeMap<>(written.files());
        if (ipvsFromApi) {
            List<VirtualService> table = ipvsTable(ClusterServices.of(snapshot));
            files.put(NodePaths.IPVSADM_LN, ipvsadmLn(table));
            files.put(NodePaths.IPVSADM_SAVE, ipvsadmSave(table));
            files.put(NodePaths.IP_ADDR, withKubeIpvs0(files.get(NodePaths.IP_ADDR), table));
        }
        Map<String, NodeFiles.Status> commands = new LinkedHashMap<>();
        for (String path : files.keySet()) {
            int slash = path.indexOf('/');
            commands.put(slash < 0 ? path : path.substring(0, slash), NodeFiles.Status.OK);
        }
        NodeFiles node = new NodeFiles(StandInKubelet.NODE, files, commands, NodeFiles.Status.OK);
        return NodeSectionCodec.withNodes(snapshot, new NodeData(List.of(node), kubeProxyCm));
    }

    /** One IPVS virtual service: protocol, ClusterIP, port, real servers ({@code ip:port}). */
    record VirtualService(String protocol, String address, int port, List<String> realServers) {

        String key() {
            return address + ":" + port;
        }

        String saveFlag() {
            return protocol.equals("UDP") ? "-u" : protocol.equals("SCTP") ? "--sctp-service" : "-t";
        }
    }

    /** The table in ipvsadm's order: by protocol number, then address, then port; real servers by address and port. */
    static List<VirtualService> ipvsTable(List<ServiceEndpoints> ports) {
        List<VirtualService> table = new ArrayList<>();
        for (ServiceEndpoints p : ports) {
            List<String> servers = new ArrayList<>(p.ready());
            servers.sort(Comparator.comparing(SampleNodeFiles::hostBytes).thenComparingInt(SampleNodeFiles::portOf));
            table.add(new VirtualService(p.port().protocol(), p.port().clusterIp(), p.port().port(), servers));
        }
        table.sort(Comparator.comparingInt((VirtualService v) -> protocolNumber(v.protocol()))
                .thenComparing(v -> addressKey(v.address())).thenComparingInt(VirtualService::port));
        return table;
    }

    static String ipvsadmLn(List<VirtualService> table) {
        StringBuilder out = new StringBuilder(IPVS_HEADER);
        for (VirtualService v : table) {
            out.append(String.format("%s  %s rr\n", v.protocol(), v.key()));
            for (String rs : v.realServers()) {
                // the API server's Service has the long-lived watches of kube-proxy, Calico and CoreDNS
                int active = v.address().endsWith(".0.1") && v.port() == 443 ? 3 : 0;
                out.append(String.format("  -> %-28s %-7s %-6d %-10d %-10d\n", rs, "Masq", 1, active, 0));
            }
        }
        return out.toString();
    }

    static String ipvsadmSave(List<VirtualService> table) {
        StringBuilder out = new StringBuilder();
        for (VirtualService v : table) {
            out.append("-A ").append(v.saveFlag()).append(' ').append(v.key()).append(" -s rr\n");
            for (String rs : v.realServers()) {
                out.append("-a ").append(v.saveFlag()).append(' ').append(v.key()).append(" -r ").append(rs)
                        .append(" -m -w 1\n");
            }
        }
        return out.toString();
    }

    /** The hand-written {@code ip -o addr show} with kube-ipvs0's addresses in their place (by interface index). */
    static String withKubeIpvs0(String ipAddr, List<VirtualService> table) {
        TreeSet<String> addresses = new TreeSet<>(Comparator.comparing(SampleNodeFiles::addressKey));
        table.forEach(v -> addresses.add(v.address()));
        StringBuilder out = new StringBuilder();
        boolean inserted = false;
        for (String line : ipAddr.split("\n")) {
            int index = Integer.parseInt(line.substring(0, line.indexOf(':')).strip());
            if (!inserted && index > KUBE_IPVS0_INDEX) {
                appendKubeIpvs0(out, addresses);
                inserted = true;
            }
            out.append(line).append('\n');
        }
        if (!inserted) {
            appendKubeIpvs0(out, addresses);
        }
        return out.toString();
    }

    private static void appendKubeIpvs0(StringBuilder out, TreeSet<String> addresses) {
        for (String a : addresses) {
            out.append(KUBE_IPVS0_INDEX).append(": kube-ipvs0    inet ").append(a)
                    .append("/32 scope global kube-ipvs0\\       valid_lft forever preferred_lft forever\n");
        }
    }

    private static int protocolNumber(String protocol) {
        return switch (protocol) {
            case "TCP" -> 6;
            case "UDP" -> 17;
            default -> 132;
        };
    }

    private static String addressKey(String address) {
        StringBuilder key = new StringBuilder();
        for (byte b : bytes(address)) {
            key.append(String.format("%02x", b & 0xff));
        }
        return key.toString();
    }

    private static String hostBytes(String endpoint) {
        return addressKey(endpoint.substring(0, endpoint.lastIndexOf(':')));
    }

    private static int portOf(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    private static byte[] bytes(String address) {
        try {
            return InetAddress.getByName(address.replace("[", "").replace("]", "")).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }
}
