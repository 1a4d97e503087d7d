package io.kubetriage.connector.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.EtcdMemberStatus;
import io.kubetriage.test.support.FreePorts;
import io.kubetriage.test.support.ProcessRunner;
import io.kubetriage.test.support.etcd.EtcdServerExtension;
import io.kubetriage.test.support.etcd.TestPki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EtcdStatusReaderTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    private final EtcdStatusReader reader = new EtcdStatusReader();

    @Test
    void readsTheStatusOfASingleMember() throws Exception {
        EtcdEndpoints endpoints = endpoints(ETCD.clientEndpoint());
        EtcdClusterStatus before = reader.read(endpoints, null, new NullProgressMonitor());

        try (Client client = EtcdClientFactory.create(endpoints, null)) {
            client.getKVClient().put(bytes("/kubetriage/test/revision"), bytes("v")).get(10, TimeUnit.SECONDS);
        }
        EtcdClusterStatus after = reader.read(endpoints, null, new NullProgressMonitor());

        assertTrue(after.failures().isEmpty(), after.failures()::toString);
        assertEquals(1, after.members().size());
        EtcdMemberStatus member = after.members().get(0);
        assertEquals(ETCD.clientEndpoint(), member.endpoint());
        assertEquals("kubetriage-test", member.name());
        assertTrue(member.version().startsWith("3.4"), member.version());
        assertNotEquals(0, member.memberId());
        assertTrue(member.isLeader(), "a single member leads itself");
        assertEquals(member, after.leader().orElseThrow());
        assertTrue(member.dbSize() > 0, "db size " + member.dbSize());
        assertTrue(member.dbSizeInUse() > 0 && member.dbSizeInUse() <= member.dbSize(),
                "in use " + member.dbSizeInUse() + " of " + member.dbSize());
        assertTrue(member.raftTerm() >= 1, "raft term " + member.raftTerm());
        assertTrue(member.raftAppliedIndex() > 0 && member.raftIndex() >= member.raftAppliedIndex(),
                "raft index " + member.raftIndex() + ", applied " + member.raftAppliedIndex());
        assertTrue(member.errors().isEmpty(), member.errors()::toString);
        assertTrue(after.maxRevision() > before.maxRevision(),
                "revision " + before.maxRevision() + " -> " + after.maxRevision());
    }

    @Test
    void aDeadEndpointIsAFailureWhileTheOthersAreRead() throws Exception {
        URI dead = deadEndpoint();
        // The dead one first: the member list must still come from the live one.
        EtcdClusterStatus status = reader.read(endpoints(dead, ETCD.clientEndpoint()), null, new NullProgressMonitor());

        assertEquals(1, status.members().size());
        assertEquals(ETCD.clientEndpoint(), status.members().get(0).endpoint());
        assertEquals("kubetriage-test", status.members().get(0).name());
        assertEquals(List.of(dead), List.copyOf(status.failures().keySet()));
        assertEquals("connection refused", status.failures().get(dead));
    }

    @Test
    void noEndpointAnsweringIsAnError() {
        URI first = deadEndpoint();
        URI second = deadEndpoint();

        EtcdConnectException e = assertThrows(EtcdConnectException.class,
                () -> reader.read(endpoints(first, second), null, new NullProgressMonitor()));

        assertTrue(e.getMessage().contains(first + ": connection refused"), e.getMessage());
        assertTrue(e.getMessage().contains(second + ": connection refused"), e.getMessage());
    }

    @Test
    void aMemberThatNeverAnswersTimesOut() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            EtcdEndpoints endpoints = new EtcdEndpoints(List.of(ETCD.clientEndpoint(), silent.endpoint()),
                    null, null, null, null, Duration.ofSeconds(1), false);
            long start = System.nanoTime();

            EtcdClusterStatus status = new EtcdStatusReader(Duration.ofSeconds(1))
                    .read(endpoints, null, new NullProgressMonitor());

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(1, status.members().size());
            assertEquals("timed out after 2s", status.failures().get(silent.endpoint()));
            assertTrue(silent.accepted() > 0, "the silent member was connected to");
            assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "took " + took);
        }
    }

    @Test
    void aCancelledMonitorStopsTheReadPromptly() throws Exception {
        NullProgressMonitor monitor = new NullProgressMonitor();
        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
        try (SilentServer silent = new SilentServer()) {
            // Without the cancel this read would wait for the 10 s timeout.
            EtcdEndpoints endpoints = endpoints(silent.endpoint());
            canceller.schedule(() -> monitor.setCanceled(true), 300, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();

            assertThrows(OperationCanceledException.class, () -> reader.read(endpoints, null, monitor));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
        } finally {
            canceller.shutdownNow();
        }
    }

    @Test
    void aMonitorCancelledBeforehandConnectsNowhere() throws Exception {
        NullProgressMonitor monitor = new NullProgressMonitor();
        monitor.setCanceled(true);
        try (SilentServer silent = new SilentServer()) {
            assertThrows(OperationCanceledException.class,
                    () -> reader.read(endpoints(silent.endpoint()), null, monitor));
            Thread.sleep(200);
            assertEquals(0, silent.accepted());
        }
    }

    @Test
    void aMissingCertificateFileIsNamedBeforeAnyConnection() throws Exception {
        Path missing = ETCD.workDir().resolve("no-such-client.crt");
        Path key = Files.writeString(ETCD.workDir().resolve("unused.key"), "");
        try (SilentServer silent = new SilentServer()) {
            EtcdEndpoints endpoints = new EtcdEndpoints(List.of(silent.endpoint()), null, missing, key,
                    null, null, false);

            EtcdConnectException e = assertThrows(EtcdConnectException.class,
                    () -> reader.read(endpoints, null, new NullProgressMonitor()));

            assertEquals("the client certificate " + missing + " does not exist", e.getMessage());
            Thread.sleep(200);
            assertEquals(0, silent.accepted(), "no connection before the files are checked");
        }
    }

    @Test
    void aMissingCaFileIsNamed() {
        Path missing = Path.of("/nonexistent/kubetriage/ca.crt");
        EtcdEndpoints endpoints = new EtcdEndpoints(List.of(URI.create("https://127.0.0.1:2379")), missing, null,
                null, null, null, false);

        EtcdConnectException e = assertThrows(EtcdConnectException.class,
                () -> EtcdClientFactory.create(endpoints, null));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void thePasswordAppearsInNoMessage() {
        char[] password = "pw-Zebra-91".toCharArray();
        EtcdEndpoints endpoints = new EtcdEndpoints(List.of(deadEndpoint()), null, null, null, "root", null, false);

        EtcdConnectException e = assertThrows(EtcdConnectException.class,
                () -> reader.read(endpoints, password, new NullProgressMonitor()));

        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertNoPassword(e, "pw-Zebra-91");
        assertEquals("pw-Zebra-91", new String(password), "the caller's array is left alone");
    }

    /** A member with authentication enabled; its own server, since enabling auth cannot be undone cheaply. */
    @Nested
    class WithAuthentication {

        @RegisterExtension
        static final EtcdServerExtension AUTH_ETCD = EtcdServerExtension.plain();

        private static final String PASSWORD = "Secret-Ocelot-42";

        private static boolean authEnabled;

        private EtcdEndpoints asRoot() throws IOException {
            if (!authEnabled) {
                AUTH_ETCD.etcdctl("user", "add", "root", "--new-user-password=" + PASSWORD);
                AUTH_ETCD.etcdctl("auth", "enable");
                authEnabled = true;
            }
            return new EtcdEndpoints(List.of(AUTH_ETCD.clientEndpoint()), null, null, null, "root", null, false);
        }

        @Test
        void theRightPasswordReadsTheStatus() throws Exception {
            EtcdClusterStatus status = reader.read(asRoot(), PASSWORD.toCharArray(), new NullProgressMonitor());

            assertEquals(1, status.members().size());
            assertEquals("kubetriage-test", status.members().get(0).name());
        }

        @Test
        void aWrongPasswordFailsWithoutShowingIt() throws Exception {
            EtcdEndpoints endpoints = asRoot();

            EtcdConnectException e = assertThrows(EtcdConnectException.class,
                    () -> reader.read(endpoints, "Wrong-Lynx-17".toCharArray(), new NullProgressMonitor()));

            assertEquals("no etcd endpoint answered: " + AUTH_ETCD.clientEndpoint()
                    + ": authentication failed: wrong user name or password", e.getMessage());
            assertNoPassword(e, "Wrong-Lynx-17");
            assertNoPassword(e, PASSWORD);
        }
    }

    /** A member that serves TLS only and requires a client certificate. */
    @Nested
    class WithTls {

        @RegisterExtension
        static final EtcdServerExtension TLS_ETCD = EtcdServerExtension.withClientCertAuth();

        @Test
        void aClientCertificateIsAccepted() throws Exception {
            EtcdClusterStatus status = reader.read(tls(TLS_ETCD.caCert(), TLS_ETCD.clientCert(), TLS_ETCD.clientKey()),
                    null, new NullProgressMonitor());

            assertTrue(status.failures().isEmpty(), status.failures()::toString);
            assertEquals(TLS_ETCD.clientEndpoint(), status.members().get(0).endpoint());
            assertTrue(status.members().get(0).version().startsWith("3.4"));
        }

        @ParameterizedTest
        @EnumSource(TestPki.KeyFormat.class)
        void keysInEveryCommonPemFormatAreAccepted(TestPki.KeyFormat format) throws Exception {
            TestPki.Issued client = TLS_ETCD.pki().issueClient("client-" + format.name().toLowerCase(), format);

            EtcdClusterStatus status = reader.read(tls(TLS_ETCD.caCert(), client.cert(), client.key()), null,
                    new NullProgressMonitor());

            assertEquals(1, status.members().size(), status.failures()::toString);
        }

        @Test
        void withoutAClientCertificateTheHandshakeFails() {
            EtcdConnectException e = assertThrows(EtcdConnectException.class,
                    () -> reader.read(tls(TLS_ETCD.caCert(), null, null), null, new NullProgressMonitor()));

            assertEquals("no etcd endpoint answered: " + TLS_ETCD.clientEndpoint()
                    + ": TLS handshake failed: the member requires a client certificate (--cert and --key)",
                    e.getMessage());
        }

        @Test
        void anUntrustedServerCertificateFailsTheHandshake() throws Exception {
            TestPki otherCa = TestPki.create(TLS_ETCD.workDir().resolve("other-ca"));

            EtcdConnectException e = assertThrows(EtcdConnectException.class,
                    () -> reader.read(tls(otherCa.caCert(), TLS_ETCD.clientCert(), TLS_ETCD.clientKey()), null,
                            new NullProgressMonitor()));

            assertTrue(e.getMessage().endsWith(
                    ": TLS handshake failed: the member's certificate is not signed by the CA in " + otherCa.caCert()),
                    e.getMessage());
        }

        @Test
        void plainHttpToATlsMemberSuggestsHttps() {
            URI plain = URI.create("http://127.0.0.1:" + TLS_ETCD.clientEndpoint().getPort());

            EtcdConnectException e = assertThrows(EtcdConnectException.class,
                    () -> reader.read(endpoints(plain), null, new NullProgressMonitor()));

            assertTrue(e.getMessage().endsWith(
                    plain + ": the member closed the connection; does it serve TLS only (https://)?"), e.getMessage());
        }

        @Test
        void tlsToAPlainMemberSuggestsHttp() {
            URI tls = URI.create("https://127.0.0.1:" + ETCD.clientEndpoint().getPort());

            EtcdConnectException e = assertThrows(EtcdConnectException.class,
                    () -> reader.read(new EtcdEndpoints(List.of(tls), TLS_ETCD.caCert(), null, null, null, null, false),
                            null, new NullProgressMonitor()));

            assertTrue(e.getMessage().endsWith(tls + ": TLS handshake failed: the member closed the connection;"
                    + " does it serve plain http://?"), e.getMessage());
        }

        @Test
        void skippingVerificationAcceptsAnyServerCertificate() throws Exception {
            EtcdEndpoints endpoints = new EtcdEndpoints(List.of(TLS_ETCD.clientEndpoint()), null,
                    TLS_ETCD.clientCert(), TLS_ETCD.clientKey(), null, null, true);

            EtcdClusterStatus status = reader.read(endpoints, null, new NullProgressMonitor());

            assertEquals(1, status.members().size(), status.failures()::toString);
        }

        @Test
        void aKeyFromAnotherPairIsReportedAsSuch() throws Exception {
            TestPki.Issued other = TLS_ETCD.pki().issueClient("other-client", TestPki.KeyFormat.RSA_PKCS8);

            EtcdConnectException e = assertThrows(EtcdConnectException.class,
                    () -> EtcdClientFactory.create(tls(TLS_ETCD.caCert(), TLS_ETCD.clientCert(), other.key()), null));

            assertEquals("the client key " + other.key() + " does not belong to the client certificate "
                    + TLS_ETCD.clientCert(), e.getMessage());
        }

        @Test
        void anEncryptedKeyIsReportedAsSuch() throws Exception {
            Path encrypted = TLS_ETCD.workDir().resolve("encrypted.key");
            ProcessRunner.run(Duration.ofSeconds(30), "/usr/bin/openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc",
                    "-in", TLS_ETCD.clientKey().toString(), "-out", encrypted.toString(), "-passout", "pass:x")
                    .requireSuccess();

            EtcdConnectException e = assertThrows(EtcdConnectException.class,
                    () -> EtcdClientFactory.create(tls(TLS_ETCD.caCert(), TLS_ETCD.clientCert(), encrypted), null));

            assertTrue(e.getMessage().startsWith("the client key " + encrypted + " is encrypted"), e.getMessage());
        }

        @Test
        void aCertificateFileThatIsNoCertificateIsNamed() throws Exception {
            EtcdConnectException e = assertThrows(EtcdConnectException.class,
                    () -> EtcdClientFactory.create(
                            tls(TLS_ETCD.clientKey(), TLS_ETCD.clientCert(), TLS_ETCD.clientKey()), null));

            assertEquals("the CA certificate " + TLS_ETCD.clientKey() + " holds no certificate (found PRIVATE KEY)",
                    e.getMessage());
        }

        @Test
        void oneFileHoldingKeyAndCertificateServesAsBoth() throws Exception {
            Path combined = TLS_ETCD.workDir().resolve("combined.pem");
            Files.writeString(combined,
                    Files.readString(TLS_ETCD.clientKey()) + Files.readString(TLS_ETCD.clientCert()));

            EtcdClusterStatus status = reader.read(tls(TLS_ETCD.caCert(), combined, combined), null,
                    new NullProgressMonitor());

            assertEquals(1, status.members().size(), status.failures()::toString);
        }

        private EtcdEndpoints tls(Path ca, Path cert, Path key) {
            return new EtcdEndpoints(List.of(TLS_ETCD.clientEndpoint()), ca, cert, key, null, null, false);
        }
    }

    private static void assertNoPassword(Throwable error, String password) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(password), "password in " + t);
            assertFalse(String.valueOf(t).contains(password), "password in " + t);
        }
    }

    private static EtcdEndpoints endpoints(URI... endpoints) {
        return new EtcdEndpoints(List.of(endpoints), null, null, null, null, null, false);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    /** A loopback port nobody listens on. */
    private static URI deadEndpoint() {
        return URI.create("http://127.0.0.1:" + FreePorts.find());
    }

    /** Accepts connections and never answers, like a hung member. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> connections = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();

        SilentServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        connections.add(socket.accept());
                        accepted.incrementAndGet();
                    }
                } catch (SocketException e) {
                    // Closed by close().
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            List<IOException> problems = new ArrayList<>();
            for (Socket connection : connections) {
                try {
                    connection.close();
                } catch (IOException e) {
                    problems.add(e);
                }
            }
            if (!problems.isEmpty()) {
                throw problems.get(0);
            }
        }
    }
}
