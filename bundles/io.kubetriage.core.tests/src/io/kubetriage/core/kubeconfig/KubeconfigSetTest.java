package io.kubetriage.core.kubeconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigSetTest {

    private static final String FIRST = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: shared
              cluster: {server: "https://first:6443"}
            users:
            - name: me
            contexts:
            - name: dev
              context: {cluster: shared, user: me, namespace: first-ns}
            - name: only-first
              context: {cluster: shared, user: me}
            current-context: dev
            """;

    private static final String SECOND = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: shared
              cluster: {server: "https://second:6443"}
            - name: extra
              cluster: {server: "https://extra:6443"}
            users:
            - name: me
            contexts:
            - name: dev
              context: {cluster: extra, user: me, namespace: second-ns}
            - name: only-second
              context: {cluster: shared, user: me}
            current-context: only-second
            """;

    @TempDir
    Path dir;

    private final KubeconfigParser parser = new KubeconfigParser();

    @Test
    void firstFileWinsAndLaterDuplicatesAreReportedAsShadowed() throws Exception {
        Path first = write("first", FIRST);
        Path second = write("second", SECOND);

        KubeconfigSet set = KubeconfigSet.load(List.of(first, second), parser);

        assertEquals(List.of("dev", "only-first", "only-second"),
                set.contexts().stream().map(KubeContext::name).toList());
        KubeContext dev = set.context("dev").orElseThrow();
        assertEquals(first, dev.sourceFile());
        assertEquals("first-ns", dev.namespace());

        assertEquals(1, set.shadowed().size());
        KubeconfigSet.ShadowedContext shadowed = set.shadowed().get(0);
        assertEquals(second, shadowed.context().sourceFile());
        assertEquals("second-ns", shadowed.context().namespace());
        assertSame(dev, shadowed.shadowedBy());
    }

    @Test
    void clustersAreMergedFirstFileFirstAndUsableAcrossFiles() throws Exception {
        Path first = write("first", FIRST);
        Path second = write("second", SECOND);

        KubeconfigSet set = KubeconfigSet.load(List.of(first, second), parser);

        // The second file's context uses the cluster "shared", which the first file defines first.
        assertEquals("https://first:6443", set.context("only-second").orElseThrow().serverUrl());
    }

    @Test
    void contextMayUseAClusterDefinedOnlyInAnotherFile() throws Exception {
        Path contextsOnly = write("contexts", """
                contexts:
                - name: remote
                  context: {cluster: extra, user: me}
                """);
        Path second = write("second", SECOND);

        KubeconfigSet alone = KubeconfigSet.load(List.of(contextsOnly), parser);
        KubeconfigSet together = KubeconfigSet.load(List.of(contextsOnly, second), parser);

        assertEquals("cluster 'extra' is not defined in " + contextsOnly
                + "; user 'me' is not defined in " + contextsOnly,
                alone.context("remote").orElseThrow().problem());
        KubeContext remote = together.context("remote").orElseThrow();
        assertNull(remote.problem());
        assertEquals("https://extra:6443", remote.serverUrl());
    }

    @Test
    void missingClusterMessageNamesEveryFileSearched() throws Exception {
        Path first = write("first", FIRST);
        Path lost = write("lost", """
                contexts:
                - name: lost
                  context: {cluster: nowhere, user: me}
                """);

        KubeconfigSet set = KubeconfigSet.load(List.of(first, lost), parser);

        assertEquals("cluster 'nowhere' is not defined in " + first + ", " + lost,
                set.context("lost").orElseThrow().problem());
    }

    @Test
    void currentContextComesFromTheFirstFileThatSetsOne() throws Exception {
        Path none = write("none", "contexts: []\n");
        Path second = write("second", SECOND);
        Path first = write("first", FIRST);

        assertEquals(Optional.of("only-second"),
                KubeconfigSet.load(List.of(none, second, first), parser).currentContext());
        assertEquals(Optional.of("dev"),
                KubeconfigSet.load(List.of(first, second), parser).currentContext());
    }

    @Test
    void brokenAndMissingFilesDoNotHideTheOthers() throws Exception {
        Path broken = write("broken", "kind: Config\ncontexts: [\n");
        Path missing = dir.resolve("missing");
        Path second = write("second", SECOND);

        KubeconfigSet set = KubeconfigSet.load(List.of(broken, missing, second), parser);

        assertEquals(List.of("dev", "only-second"), set.contexts().stream().map(KubeContext::name).toList());
        assertEquals(List.of(broken, missing, second), set.files().stream().map(KubeconfigSet.FileResult::file).toList());
        assertEquals(2, set.errors().size());
        assertEquals(broken, set.errors().get(0).file());
        assertFalse(set.errors().get(0).isFileNotFound());
        assertTrue(set.errors().get(1).isFileNotFound());
        assertTrue(set.files().get(2).isLoaded());
    }

    @Test
    void fileResultHoldsExactlyOneOfConfigAndError() {
        Path file = Path.of("c");
        assertThrows(IllegalArgumentException.class, () -> new KubeconfigSet.FileResult(file, null, null));
        assertThrows(IllegalArgumentException.class, () -> new KubeconfigSet.FileResult(file,
                Kubeconfig.empty(file), new KubeconfigException(file, 0, "x")));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
