package io.kubetriage.core.node.cni;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kubetriage.core.kubeconfig.KubeCluster;
import io.kubetriage.core.kubeconfig.Kubeconfig;
import io.kubetriage.core.kubeconfig.KubeconfigException;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.core.node.Cidr;

/**
 * Reads the API server URLs of a kubeconfig such as Calico's {@code calico-kubeconfig}, with
 * {@link KubeconfigParser}.
 */
public final class KubeconfigServers {

    private KubeconfigServers() {
    }

    /** The {@code server} of every cluster of the kubeconfig text, in file order (clusters without one are skipped). */
    public static List<String> servers(String yamlText, String fileName) throws KubeconfigException {
        Kubeconfig config = new KubeconfigParser().parse(yamlText, Path.of(fileName));
        List<String> servers = new ArrayList<>();
        for (KubeCluster c : config.clusters().values()) {
            if (c.server() != null && !c.server().isBlank()) {
                servers.add(c.server());
            }
        }
        return servers;
    }

    /** The host of a server URL ({@code https://10.233.0.1:443} gives {@code 10.233.0.1}), brackets removed; null when unparsable. */
    public static String host(String server) {
        if (server == null) {
            return null;
        }
        String s = server.strip();
        if (!s.contains("://")) {
            s = "https://" + s; // kubectl accepts a bare host:port
        }
        try {
            String host = new URI(s).getHost();
            if (host != null && host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return host;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Whether the server's host is a literal IP inside the CIDR (a ClusterIP when the CIDR is the Service CIDR). */
    public static boolean isInside(String server, Cidr cidr) {
        String host = host(server);
        return cidr != null && host != null && cidr.contains(host);
    }

    /** The 1-based line of the {@code server:} entry naming the URL, or 0. */
    public static int lineOf(String yamlText, String server) {
        String[] lines = yamlText.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("server:") && lines[i].contains(server)) {
                return i + 1;
            }
        }
        return 0;
    }
}
