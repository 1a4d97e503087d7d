package io.kubetriage.core.kubeconfig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigParserTest {

    static final String REALISTIC = """
            apiVersion: v1
            kind: Config
            preferences: {}
            clusters:
            - name: prod
              cluster:
                certificate-authority-data: LS0tLS1CRUdJTg==
                server: https://10.0.0.1:6443
            - name: staging
              cluster:
                server: https://staging.example.com:6443
                insecure-skip-tls-verify: true
            users:
            - name: admin
              user:
                client-certificate-data: LS0tLS1CRUdJTg==
                client-key-data: LS0tLS1CRUdJTg==
            - name: dev
              user:
                token: abc.def
            contexts:
            - name: prod-admin
              context:
                cluster: prod
                user: admin
                namespace: kube-system
            - name: staging-dev
              context:
                cluster: staging
                user: dev
            - name: old-lab
              context:
                cluster: lab
                user: dev
            current-context: staging-dev
            """;

    @TempDir
    Path dir;

    private final KubeconfigParser parser = new KubeconfigParser();

    @Test
    void readsContextsClustersAndUsersOfARealisticFile() throws Exception {
        Path file = write("config", REALISTIC);

        Kubeconfig config = parser.parse(file);

        assertEquals(file, config.source());
        assertEquals(List.of("prod-admin", "staging-dev", "old-lab"),
                config.contexts().stream().map(KubeContext::name).toList());
        assertEquals(List.of("prod", "staging"), List.copyOf(config.clusters().keySet()));
        assertEquals(List.of("admin", "dev"), List.copyOf(config.users().keySet()));
        assertEquals("https://staging.example.com:6443", config.cluster("staging").orElseThrow().server());
        assertTrue(config.user("admin").isPresent());
        assertTrue(config.cluster("lab").isEmpty());
        assertEquals("staging-dev", config.currentContext());

        KubeContext prod = config.context("prod-admin").orElseThrow();
        assertEquals(new KubeContext("prod-admin", "prod", "https://10.0.0.1:6443", "admin",
                "kube-system", file, null), prod);
        assertTrue(prod.isUsable());
    }

    @Test
    void contextWithoutNamespaceUsesDefault() throws Exception {
        Kubeconfig config = parser.parse(write("config", REALISTIC));

        assertEquals("default", config.context("staging-dev").orElseThrow().namespace());
    }

    @Test
    void contextNamingAMissingClusterIsListedWithItsProblem() throws Exception {
        Path file = write("config", REALISTIC);

        KubeContext lab = parser.parse(file).context("old-lab").orElseThrow();

        assertFalse(lab.isUsable());
        assertEquals("lab", lab.clusterName());
        assertNull(lab.serverUrl());
        assertEquals("cluster 'lab' is not defined in " + file, lab.problem());
    }

    @Test
    void contextProblemsNameMissingUserAndBadNamespace() throws Exception {
        Kubeconfig config = parser.parse("""
                clusters:
                - name: c
                  cluster:
                    server: https://c:6443
                contexts:
                - name: x
                  context:
                    cluster: c
                    user: nobody
                    namespace: Not_Valid
                - name: y
                  context:
                    cluster: c
                """, Path.of("/etc/kube/config"));

        assertEquals("user 'nobody' is not defined in " + Path.of("/etc/kube/config")
                + "; namespace 'Not_Valid' is not a valid namespace name",
                config.context("x").orElseThrow().problem());
        assertEquals("context 'y' does not name a user", config.context("y").orElseThrow().problem());
        assertEquals("https://c:6443", config.context("y").orElseThrow().serverUrl());
    }

    @Test
    void clusterWithoutServerMakesItsContextsUnusable() throws Exception {
        Kubeconfig config = parser.parse("""
                clusters:
                - name: c
                users:
                - name: u
                contexts:
                - name: x
                  context: {cluster: c, user: u}
                """, Path.of("k"));

        assertEquals("cluster 'c' has no server URL", config.context("x").orElseThrow().problem());
    }

    @Test
    void emptyFileHasNoContexts() throws Exception {
        Path file = write("empty", "");

        Kubeconfig config = parser.parse(file);

        assertEquals(List.of(), config.contexts());
        assertNull(config.currentContext());
    }

    @Test
    void fileWithOnlyCommentsHasNoContexts() throws Exception {
        assertEquals(List.of(), parser.parse("# nothing yet\n\n", Path.of("c")).contexts());
    }

    @Test
    void acceptsByteOrderMarkAndLeavesOutKindAndApiVersion() throws Exception {
        Path file = dir.resolve("bom");
        Files.write(file, ("\uFEFF" + "contexts:\n- name: a\n").getBytes(StandardCharsets.UTF_8));

        assertEquals("a", parser.parse(file).contexts().get(0).name());
    }

    @Test
    void malformedYamlReportsFileAndLine() throws Exception {
        Path file = write("config", """
                apiVersion: v1
                kind: Config
                contexts:
                - name: a
                  context:
                    cluster: x
                   user: y
                """);

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse(file));

        assertEquals(file, e.file());
        assertEquals(7, e.line());
        assertTrue(e.getMessage().startsWith(file + ":7: not valid YAML: "), e.getMessage());
    }

    @Test
    void tabIndentationReportsItsLine() {
        String yaml = "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n\tcluster: {}\n";

        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> parser.parse(yaml, Path.of("/home/me/.kube/config")));

        assertEquals(5, e.line());
        assertTrue(e.reason().contains("TAB"), e.reason());
    }

    @Test
    void wrongKindIsRefusedAtItsLine() throws Exception {
        Path file = write("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                """);

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse(file));

        assertEquals(2, e.line());
        assertEquals("kind is 'Pod', expected 'Config'", e.reason());
        assertEquals(file + ":2: kind is 'Pod', expected 'Config'", e.getMessage());
    }

    @Test
    void wrongApiVersionIsRefused() {
        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> parser.parse("apiVersion: v2\nkind: Config\n", Path.of("c")));

        assertEquals(1, e.line());
        assertEquals("apiVersion is 'v2', expected 'v1'", e.reason());
    }

    @Test
    void contextsThatAreNotAListAreRefused() {
        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse("""
                apiVersion: v1
                kind: Config
                contexts:
                  name: prod
                  cluster: prod
                """, Path.of("c")));

        assertEquals(4, e.line());
        assertEquals("contexts must be a list, found a mapping", e.reason());
    }

    @Test
    void contextEntryWithoutANameIsRefusedAtItsLine() {
        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse("""
                contexts:
                - name: a
                - context:
                    cluster: c
                """, Path.of("c")));

        assertEquals(3, e.line());
        assertEquals("context entry without a name", e.reason());
    }

    @Test
    void duplicateContextNamesInOneFileAreRefused() {
        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse("""
                contexts:
                - name: a
                - name: b
                - name: a
                """, Path.of("c")));

        assertEquals(4, e.line());
        assertEquals("context 'a' is defined twice (first at line 2)", e.reason());
    }

    @Test
    void topLevelThatIsNotAMappingIsRefused() {
        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> parser.parse("- a\n- b\n", Path.of("c")));

        assertTrue(e.reason().startsWith("the top level of a kubeconfig must be a mapping"), e.reason());
    }

    @Test
    void secondDocumentIsRefused() {
        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> parser.parse("kind: Config\n---\nkind: Config\n", Path.of("c")));

        assertEquals(2, e.line());
    }

    @Test
    void tooManyAliasesAreRefusedWithoutAnUncheckedException() {
        StringBuilder yaml = new StringBuilder("base: &b [1]\nmany: [");
        for (int i = 0; i < 60; i++) {
            yaml.append(i == 0 ? "" : ",").append("*b");
        }
        yaml.append("]\n");

        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> parser.parse(yaml.toString(), Path.of("c")));

        assertTrue(e.reason().contains("aliases"), e.reason());
    }

    @Test
    void missingFileIsReportedAsNotFound() {
        Path file = dir.resolve("nope");

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse(file));

        assertTrue(e.isFileNotFound());
        assertEquals(0, e.line());
        assertEquals(file + ": file not found", e.getMessage());
    }

    @Test
    void directoryIsRefused() {
        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse(dir));

        assertFalse(e.isFileNotFound());
        assertEquals("is a directory, not a kubeconfig file", e.reason());
    }

    @Test
    void unreadableFileGivesTheReason() throws Exception {
        Path file = write("secret", REALISTIC);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            assumeFalse(true, "no POSIX permissions on this file system");
        }
        assumeFalse(Files.isReadable(file), "running with rights that read any file");

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse(file));

        assertEquals("permission denied", e.reason());
    }

    @Test
    void readErrorGivesTheSystemsReason() throws Exception {
        // A link to itself cannot be read, even with rights to read any file.
        Path file = dir.resolve("loop");
        try {
            Files.createSymbolicLink(file, file);
        } catch (UnsupportedOperationException | IOException e) {
            assumeFalse(true, "cannot create symbolic links here: " + e);
        }

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse(file));

        assertFalse(e.isFileNotFound());
        assertTrue(e.reason().startsWith("cannot read the file: "), e.reason());
        assertFalse(e.reason().contains(file.toString()), "the path is not repeated: " + e.getMessage());
    }

    @Test
    void invalidUtf8IsRefusedWithItsLine() throws Exception {
        Path file = dir.resolve("latin1");
        Files.write(file, "kind: Config\ncurrent-context: caf\u00E9\n".getBytes(StandardCharsets.ISO_8859_1));

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse(file));

        assertEquals(2, e.line());
        assertTrue(e.reason().startsWith("the file is not UTF-8 text (invalid byte 0xE9"), e.reason());
    }

    @Test
    void controlCharactersAreReportedAsBinaryData() throws Exception {
        Path file = dir.resolve("nul");
        Files.write(file, "kind: Config\n\n\u0000\u0001\u0002".getBytes(StandardCharsets.UTF_8));

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse(file));

        assertEquals(3, e.line());
        assertEquals("the file contains binary data (character U+0000); a kubeconfig must be YAML text",
                e.reason());
    }

    @Test
    void randomBinaryGarbageAlwaysGivesAKubeconfigException() throws Exception {
        Random random = new Random(20240601);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[1 + random.nextInt(512)];
            random.nextBytes(bytes);
            Path file = dir.resolve("garbage" + i);
            Files.write(file, bytes);
            // A RuntimeException would escape assertThrows and fail the test.
            KubeconfigException e = assertThrows(KubeconfigException.class, () -> parser.parse(file));
            assertEquals(file, e.file());
        }
    }

    @Test
    void randomYamlLikeTextEitherParsesOrGivesAKubeconfigException() {
        String alphabet = "abc:-[]{}&*!|>'\"%@`#,? \n\n\t  contexts name cluster";
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(120); j > 0; j--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                parser.parse(text.toString(), Path.of("fuzz"));
            } catch (KubeconfigException e) {
                assertEquals(Path.of("fuzz"), e.file());
            }
            // Any other exception fails the test.
        }
    }

    @Test
    void neverModifiesTheFile() throws Exception {
        Path file = write("config", REALISTIC);
        FileTime past = FileTime.fromMillis(1_500_000_000_000L);
        Files.setLastModifiedTime(file, past);
        byte[] before = Files.readAllBytes(file);

        parser.parse(file);

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(past, Files.getLastModifiedTime(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no backup or lock file is left behind");
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
