package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.cli.internal.ExitCode;

class ContextsCommandTest {

    private static final String PROD = """
            apiVersion: v1
            kind: Config
            current-context: prod
            clusters:
            - name: prod-cluster
              cluster:
                server: https://10.0.0.10:6443
            users:
            - name: admin
              user:
                token: not-a-real-token
            contexts:
            - name: prod
              context:
                cluster: prod-cluster
                user: admin
                namespace: kube-system
            - name: broken
              context:
                cluster: nowhere
                user: admin
            """;

    private static final String LAB = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: lab
              cluster:
                server: https://192.0.2.7:6443
            users:
            - name: dev
              user: {}
            contexts:
            - name: lab
              context:
                cluster: lab
                user: dev
            """;

    @TempDir
    Path home;

    private Path write(String name, String text) throws IOException {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void listsTheContextsOfEveryFileInKubeconfig() throws IOException {
        Path prod = write("prod.yaml", PROD);
        Path lab = write("lab.yaml", LAB);
        CliRun r = CliRun.run(Map.of("KUBECONFIG", prod + File.pathSeparator + lab), home, "contexts");

        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("CURRENT   NAME"), lines[0]);
        assertTrue(lines[1].matches("\\*\\s+prod\\s+prod-cluster\\s+https://10\\.0\\.0\\.10:6443\\s+admin\\s+kube-system"), lines[1]);
        assertTrue(lines[2].contains("broken") && lines[2].contains("nowhere"), lines[2]);
        assertTrue(lines[3].matches("\\s+lab\\s+lab\\s+https://192\\.0\\.2\\.7:6443\\s+dev\\s+default"), lines[3]);
        assertEquals(4, lines.length);
    }

    @Test
    void readsTheDefaultFileWhenKubeconfigIsUnset() throws IOException {
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), LAB);
        CliRun r = CliRun.run(Map.of(), home, "contexts", "-o", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("\"name\": \"lab\""), r.out());
        assertTrue(r.out().contains("\"errors\": []"), r.out());
    }

    @Test
    void aMalformedFileIsReportedWithItsLineAndTheOthersAreStillListed() throws IOException {
        Path good = write("good.yaml", LAB);
        Path bad = write("bad.yaml", "apiVersion: v1\nkind: Config\ncontexts:\n  - name: x\n   broken: [\n");
        CliRun r = CliRun.run(Map.of(), home, "contexts", "--kubeconfig", bad.toString(), "--kubeconfig", good.toString());

        assertEquals(ExitCode.FINDINGS, r.exitCode());
        assertTrue(r.out().contains("lab"), r.out());
        assertTrue(r.err().contains(bad.toString() + ":"), r.err());
        assertTrue(r.err().matches("(?s).*bad\\.yaml:[0-9]+: .*"), "the error names the line: " + r.err());
    }

    @Test
    void jsonNamesTheCurrentContextAndTheProblemOfAnUnusableOne() throws IOException {
        Path prod = write("prod.yaml", PROD);
        CliRun r = CliRun.run(Map.of(), home, "contexts", "--kubeconfig", prod.toString(), "-o", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        String json = r.out();
        int prodAt = json.indexOf("\"name\": \"prod\"");
        int brokenAt = json.indexOf("\"name\": \"broken\"");
        assertTrue(prodAt >= 0 && brokenAt > prodAt, json);
        assertTrue(json.substring(prodAt, brokenAt).contains("\"current\": true"), json);
        assertTrue(json.substring(brokenAt).contains("\"current\": false"), json);
        assertFalse(json.substring(brokenAt).contains("\"problem\": null"), json);
    }

    @Test
    void neverWritesTheKubeconfigFile() throws IOException {
        Path prod = write("prod.yaml", PROD);
        byte[] before = Files.readAllBytes(prod);
        var modified = Files.getLastModifiedTime(prod);
        CliRun.run(Map.of("KUBECONFIG", prod.toString()), home, "contexts");
        assertArrayEquals(before, Files.readAllBytes(prod));
        assertEquals(modified, Files.getLastModifiedTime(prod));
    }

    @Test
    void noKubeconfigAtAllSaysWhatToDo() {
        CliRun r = CliRun.run(Map.of(), home, "contexts");
        assertEquals(ExitCode.OK, r.exitCode());
        assertTrue(r.err().contains("set KUBECONFIG or create ~/.kube/config"), r.err());
    }
}
