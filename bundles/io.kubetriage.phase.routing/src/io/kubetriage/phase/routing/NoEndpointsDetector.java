package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.model.DiagnosisNodeData;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * KT-ROUTING-001: a Service with a selector and a ClusterIP whose ports list no ready endpoint, its
 * Endpoints object or EndpointSlices being empty or missing. Ready Pods that the selector matches
 * point at a stale endpoints controller (the etcd rollback is named as the likely cause). A missing
 * Endpoints object counts only when the snapshot holds Endpoints or EndpointSlices at all.
 */
public final class NoEndpointsDetector extends RoutingDetector {

    private static final int MAX_PODS = 20;

    public NoEndpointsDetector() {
        super(RoutingCodes.NO_ENDPOINTS_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        Snapshot s = input.snapshot();
        boolean endpointsCaptured = K8s.captured(s, "", "Endpoints") || K8s.captured(s, "discovery.k8s.io",
                "EndpointSlice");
        boolean podsCaptured = K8s.captured(s, "", "Pod");
        Map<ObjectKey, List<ServiceEndpoints>> byService = new LinkedHashMap<>();
        for (ServiceEndpoints se : DiagnosisNodeData.services(input)) {
            byService.computeIfAbsent(se.service(), k -> new ArrayList<>()).add(se);
        }
        List<Finding> findings = new ArrayList<>();
        Map<String, List<ApiObject>> podsByNamespace = new HashMap<>();
        if (podsCaptured) {
            KubeObjects.ofKind(s, "", "Pod").forEach(p -> podsByNamespace
                    .computeIfAbsent(p.key().namespace(), ns -> new ArrayList<>()).add(p));
        }
        byService.forEach((key, ports) -> {
            if (!ports.get(0).selector() || ports.stream().anyMatch(p -> !p.ready().isEmpty())) {
                return;
            }
            ObjectKey source = ports.stream().map(ServiceEndpoints::source).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
            if (source == null && !endpointsCaptured) {
                return; // endpoints were not captured: nothing to conclude
            }
            ApiObject svc = s.object(key).orElse(null);
            if (svc == null) {
                return;
            }
            Map<String, String> selector = KubeObjects.stringMap(K8s.tree(svc).path("spec").path("selector"));
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(Evidence.object(key, "selector", selectorText(selector)));
            if (source == null) {
                evidence.add(Evidence.object(key, "endpoints", "no Endpoints object and no EndpointSlice for "
                        + K8s.name(key)));
            } else {
                List<String> notReady = ports.stream().flatMap(p -> p.notReady().stream()).distinct().toList();
                evidence.add(Evidence.object(source, "endpoints", "lists no ready address"
                        + (notReady.isEmpty() ? "" : "; not ready: " + String.join(", ", notReady))));
            }
            List<ApiObject> matching = podsCaptured
                    ? matchingPods(podsByNamespace.getOrDefault(key.namespace(), List.of()), selector) : List.of();
            List<ApiObject> readyPods = matching.stream().filter(p -> K8s.ready(K8s.tree(p))).toList();
            if (podsCaptured && matching.isEmpty()) {
                evidence.add(Evidence.object(key, "pods", "the selector matches no Pod in " + key.namespace()));
            }
            matching.stream().limit(MAX_PODS).forEach(p -> {
                JsonNode n = K8s.tree(p);
                String phase = K8s.text(n, "status", "phase");
                evidence.add(Evidence.object(p.key(), K8s.ready(n) ? "ready Pod" : "Pod not ready",
                        (phase == null ? "no phase" : phase) + ", matches the selector"));
            });
            boolean stale = !readyPods.isEmpty();
            String title = "Service " + K8s.name(key) + " has no ready endpoints"
                    + (stale ? " although " + readyPods.size() + (readyPods.size() == 1 ? " Pod is" : " Pods are")
                            + " ready" : matching.isEmpty() && podsCaptured ? ": its selector matches no Pod" : "");
            String explanation = "Connections to " + ports.get(0).port().target() + " (and the Service's other ports) "
                    + "reach no Pod: kube-proxy rejects or drops them on every node. "
                    + (stale ? "Pods matching the selector are ready, so the Endpoints should list them; the "
                            + "endpoints controller has not caught up, as after an etcd rollback. Re-creating the "
                            + "Service makes the controller compute its endpoints afresh."
                            : matching.isEmpty() ? "Nothing matches the selector: check the labels, or whether the "
                                    + "workload was deleted or scaled to zero."
                                    : "The Pods behind it are not ready: see why they fail their readiness probes.");
            List<ObjectKey> affected = new ArrayList<>();
            affected.add(key);
            matching.stream().limit(MAX_PODS).forEach(p -> affected.add(p.key()));
            findings.add(new Finding(Finding.id(RoutingCodes.NO_ENDPOINTS, K8s.name(key)), RoutingCodes.NO_ENDPOINTS,
                    Severity.ERROR, title, explanation, evidence, affected, stale ? RoutingCodes.ROLLBACK_CAUSE : null,
                    stale ? List.of(RoutingCodes.FIX_RECREATE_SERVICE) : List.of()));
        });
        return findings;
    }

    static String selectorText(Map<String, String> selector) {
        List<String> parts = new ArrayList<>();
        selector.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /** The Pods (of the Service's namespace) whose labels hold every pair of the selector. */
    static List<ApiObject> matchingPods(List<ApiObject> namespacePods, Map<String, String> selector) {
        if (selector.isEmpty()) {
            return List.of();
        }
        List<ApiObject> pods = new ArrayList<>();
        for (ApiObject p : namespacePods) {
            Map<String, String> labels = KubeObjects.stringMap(K8s.tree(p).path("metadata").path("labels"));
            if (labels.entrySet().containsAll(selector.entrySet())) {
                pods.add(p);
            }
        }
        return pods;
    }
}
