package io.kubetriage.core.node.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kubetriage.core.node.routing.ServicePort;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The Services of a snapshot that have a ClusterIP, port by port, with the endpoints their
 * Endpoints object (or, lacking one, their EndpointSlices) lists. Headless Services
 * ({@code clusterIP: None}) and ExternalName Services are left out: no node rule serves them.
 */
public final class ClusterServices {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLICE_SERVICE_LABEL = "kubernetes.io/service-name";

    private ClusterServices() {
    }

    /** Every ClusterIP Service port of the snapshot, in the snapshot's object order. */
    public static List<ServiceEndpoints> of(Snapshot snapshot) {
        Map<String, ApiObject> endpoints = new HashMap<>();
        Map<String, List<JsonNode>> slices = new HashMap<>();
        Map<String, ObjectKey> sliceKey = new HashMap<>();
        for (ApiObject o : snapshot.objects()) {
            ObjectKey k = o.key();
            if (k.kind().equals("Endpoints") && k.group().isEmpty()) {
                endpoints.put(k.namespace() + "/" + k.name(), o);
            } else if (k.kind().equals("EndpointSlice") && k.group().equals("discovery.k8s.io")) {
                JsonNode slice = read(o);
                String service = slice.path("metadata").path("labels").path(SLICE_SERVICE_LABEL).asText("");
                if (!service.isEmpty()) {
                    slices.computeIfAbsent(k.namespace() + "/" + service, x -> new ArrayList<>()).add(slice);
                    sliceKey.putIfAbsent(k.namespace() + "/" + service, k);
                }
            }
        }
        List<ServiceEndpoints> out = new ArrayList<>();
        for (ApiObject o : snapshot.objects()) {
            if (!o.key().kind().equals("Service") || !o.key().group().isEmpty()) {
                continue;
            }
            JsonNode svc = read(o);
            JsonNode spec = svc.path("spec");
            String clusterIp = spec.path("clusterIP").asText("");
            if (clusterIp.isEmpty() || clusterIp.equals("None") || spec.path("type").asText("").equals("ExternalName")) {
                continue;
            }
            Set<String> ips = new LinkedHashSet<>();
            ips.add(clusterIp);
            spec.path("clusterIPs").forEach(ip -> {
                if (ip.isTextual() && !ip.asText().isEmpty() && !ip.asText().equals("None")) {
                    ips.add(ip.asText());
                }
            });
            boolean selector = spec.path("selector").isObject() && spec.path("selector").size() > 0;
            String id = o.key().namespace() + "/" + o.key().name();
            ApiObject ep = endpoints.get(id);
            JsonNode epJson = ep == null ? null : read(ep);
            List<JsonNode> svcSlices = slices.getOrDefault(id, List.of());
            for (JsonNode port : spec.path("ports")) {
                int number = port.path("port").asInt(0);
                if (number < 1 || number > 65535) {
                    continue;
                }
                String portName = port.path("name").asText("");
                String protocol = port.path("protocol").asText("TCP").toUpperCase(Locale.ROOT);
                TreeSet<String> ready = new TreeSet<>();
                TreeSet<String> notReady = new TreeSet<>();
                ObjectKey source = null;
                if (epJson != null) {
                    source = ep.key();
                    fromEndpoints(epJson, portName, protocol, ready, notReady);
                } else if (!svcSlices.isEmpty()) {
                    source = sliceKey.get(id);
                    svcSlices.forEach(s -> fromSlice(s, portName, protocol, ready, notReady));
                }
                for (String ip : ips) {
                    out.add(new ServiceEndpoints(o.key(), new ServicePort(o.key().namespace(), o.key().name(),
                            portName, ip, number, protocol), selector, source, List.copyOf(ready),
                            List.copyOf(notReady)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The ports of one Service. */
    public static List<ServiceEndpoints> of(Snapshot snapshot, String namespace, String name) {
        return of(snapshot).stream()
                .filter(s -> s.service().namespace().equals(namespace) && s.service().name().equals(name)).toList();
    }

    /** The first port of {@code default/kubernetes}, the apiserver's Service. */
    public static Optional<ServiceEndpoints> kubernetes(List<ServiceEndpoints> services) {
        return services.stream().filter(ServiceEndpoints::isKubernetesService).findFirst();
    }

    private static void fromEndpoints(JsonNode endpoints, String portName, String protocol, Set<String> ready,
            Set<String> notReady) {
        for (JsonNode subset : endpoints.path("subsets")) {
            JsonNode ports = subset.path("ports");
            for (JsonNode p : ports) {
                if (!samePort(p, ports.size(), portName, protocol)) {
                    continue;
                }
                int number = p.path("port").asInt(0);
                subset.path("addresses").forEach(a -> add(ready, a.path("ip").asText(""), number));
                subset.path("notReadyAddresses").forEach(a -> add(notReady, a.path("ip").asText(""), number));
            }
        }
    }

    private static void fromSlice(JsonNode slice, String portName, String protocol, Set<String> ready,
            Set<String> notReady) {
        JsonNode ports = slice.path("ports");
        for (JsonNode p : ports) {
            if (!samePort(p, ports.size(), portName, protocol)) {
                continue;
            }
            int number = p.path("port").asInt(0);
            for (JsonNode e : slice.path("endpoints")) {
                // a missing 'ready' condition means ready (discovery.k8s.io/v1)
                boolean isReady = e.path("conditions").path("ready").asBoolean(true);
                for (JsonNode a : e.path("addresses")) {
                    add(isReady ? ready : notReady, a.asText(""), number);
                }
            }
        }
    }

    private static boolean samePort(JsonNode p, int count, String portName, String protocol) {
        String name = p.path("name").asText("");
        String proto = p.path("protocol").asText("TCP");
        boolean sameName = portName.isEmpty() ? name.isEmpty() || count == 1 : portName.equals(name);
        return sameName && protocol.equalsIgnoreCase(proto);
    }

    private static void add(Set<String> into, String ip, int port) {
        if (!ip.isEmpty() && port > 0) {
            into.add((ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port);
        }
    }

    private static JsonNode read(ApiObject o) {
        try {
            JsonNode n = JSON.readTree(o.json());
            return n == null ? JSON.createObjectNode() : n;
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }
}
