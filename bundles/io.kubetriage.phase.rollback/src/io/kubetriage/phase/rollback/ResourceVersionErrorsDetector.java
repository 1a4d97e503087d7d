package io.kubetriage.phase.rollback;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;

/** KT-ROLLBACK-005: events carrying the API server's resource version errors. */
public final class ResourceVersionErrorsDetector implements Detector {

    /** The messages, lower case. */
    static final List<String> MESSAGES = List.of("too old resource version", "too large resource version",
            "the resourceversion for the provided watch is too old");
    private static final int MAX_EVIDENCE = 20;

    @Override
    public String phase() {
        return RollbackCodes.PHASE;
    }

    @Override
    public List<String> codes() {
        return List.of(RollbackCodes.RESOURCE_VERSION_ERRORS);
    }

    @Override
    public List<FindingCatalog.Entry> catalog() {
        return List.of(RollbackCodes.RESOURCE_VERSION_ERRORS_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        List<Evidence> evidence = new ArrayList<>();
        Set<ObjectKey> affected = new LinkedHashSet<>();
        int count = 0;
        for (ApiObject e : input.snapshot().events()) {
            JsonNode n = KubeObjects.tree(e);
            String message = n.has("message") ? n.path("message").asText() : n.path("note").asText("");
            String lower = message.toLowerCase(Locale.ROOT);
            if (MESSAGES.stream().noneMatch(lower::contains)) {
                continue;
            }
            count++;
            ObjectKey involved = KubeObjects.involved(n);
            if (involved != null) {
                affected.add(involved);
            }
            if (evidence.size() < MAX_EVIDENCE) {
                evidence.add(Evidence.event(involved, n.path("reason").asText("event"), message));
            }
        }
        if (count == 0) {
            return List.of();
        }
        return List.of(new Finding(Finding.id(RollbackCodes.RESOURCE_VERSION_ERRORS, ""),
                RollbackCodes.RESOURCE_VERSION_ERRORS, Severity.WARNING,
                count + (count == 1 ? " event reports" : " events report") + " resource version errors",
                "Clients ask the API server for resource versions the store no longer has or has not reached "
                        + "('too old resource version', 'Too large resource version'). Watches keep failing and "
                        + "restarting; caches stay stale. This is the mark of a store that went back in time: "
                        + "restart the API server so its watch cache starts from the store as it is, then the "
                        + "components that still watch.",
                evidence, List.copyOf(affected), RollbackCodes.rollbackCause(input),
                List.of(RollbackCodes.FIX_RESTART_CONTROL_PLANE)));
    }
}
