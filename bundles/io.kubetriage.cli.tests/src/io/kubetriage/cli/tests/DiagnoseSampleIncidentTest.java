package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.cli.internal.ExitCode;
import io.kubetriage.test.support.SourceTree;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code diagnose} on the built-in sample incident with its baseline, through every installed phase
 * (found by the extension registry, as in the product): the findings read root first, from the
 * etcd restore through kube-proxy's lost rules and the unserved kubernetes ClusterIP to Calico
 * failing to reach the API server.
 */
class DiagnoseSampleIncidentTest {

    /** The incident's chain, in the order the output must name it. */
    private static final List<String> CHAIN = List.of("KT-ROLLBACK-001", "KT-ROUTING-006", "KT-ROUTING-002",
            "KT-CNI-001");
    /** A finding's first line in text output: severity, code, title. */
    private static final Pattern HEADING = Pattern.compile("(?m)^(?:ERROR|WARNING|INFO)  (KT-[A-Z]+-\\d{3})  ");

    private static final Path AFTER = SourceTree.file("bundles/io.kubetriage.sample/sample/after.ktsnap");
    private static final Path BEFORE = SourceTree.file("bundles/io.kubetriage.sample/sample/before.ktsnap");

    @TempDir
    Path home;

    @Test
    void textNamesTheRestoreFirstAndCalicoAfterTheUnservedClusterIp() {
        CliRun r = CliRun.run(Map.of(), home, "diagnose", AFTER.toString(), "--baseline", BEFORE.toString());
        assertEquals(ExitCode.FINDINGS, r.exitCode(), r.out() + r.err());
        List<String> codes = new ArrayList<>();
        Matcher m = HEADING.matcher(r.out());
        while (m.find()) {
            codes.add(m.group(1));
        }
        assertInOrder(codes, r.out());
        assertTrue(r.out().contains("    caused by: KT-ROUTING-002:master-1"), r.out());
    }

    @Test
    void jsonHasTheSameOrderAndPointsCalicoAtItsKubeconfig() {
        CliRun r = CliRun.run(Map.of(), home, "diagnose", AFTER.toString(), "--baseline", BEFORE.toString(),
                "-o", "json");
        assertEquals(ExitCode.FINDINGS, r.exitCode(), r.err());
        JsonNode findings = JsonMapper.builder().build().readTree(r.out()).path("findings");
        assertTrue(findings.isArray() && !findings.isEmpty(), r.out());
        List<String> codes = new ArrayList<>();
        JsonNode cni = null;
        for (JsonNode f : findings) {
            codes.add(f.path("code").asString());
            if (cni == null && f.path("code").asString().equals("KT-CNI-001")) {
                cni = f;
            }
        }
        assertInOrder(codes, r.out());
        assertEquals("KT-CNI-001:master-1", cni.path("id").asString());
        assertEquals("KT-ROUTING-002:master-1", cni.path("cause").asString());
        boolean kubeconfig = false;
        for (JsonNode e : cni.path("evidence")) {
            JsonNode at = e.path("location");
            kubeconfig |= at.path("file").asString("").equals("cni/calico-kubeconfig")
                    && at.path("node").asString("").equals("master-1") && at.path("line").asInt() > 0;
        }
        assertTrue(kubeconfig, "the calico-kubeconfig line is evidence: " + cni.path("evidence"));
    }

    /** Each code of the chain is present, and after the one before it. */
    private static void assertInOrder(List<String> codes, String output) {
        int previous = -1;
        for (String code : CHAIN) {
            int at = codes.indexOf(code);
            assertTrue(at > previous, code + " after " + (previous < 0 ? "nothing" : codes.get(previous)) + " in "
                    + codes + ":\n" + output);
            previous = at;
        }
    }
}
