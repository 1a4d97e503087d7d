package io.kubetriage.connector.etcd.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kubetriage.connector.etcd.EtcdClientFactory;
import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.test.support.etcd.EtcdServerExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EtcdKeyReaderTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsTheKeysAndRevisionsEtcdctlShowsInPages() throws Exception {
        String prefix = "/registry/reader-equal/";
        try (Client client = client()) {
            for (int i = 0; i < 25; i++) {
                put(client, prefix + "k" + (char) ('a' + i % 26) + i, "value-" + i + "-" + "x".repeat(i * 7));
            }
            put(client, prefix + "ka0", "updated");
            put(client, prefix + "ka0", "updated again");
            put(client, "/registry/reader-equal-sibling", "outside the prefix");
        }

        EtcdSection section = new EtcdKeyReader(4, 1 << 20).readKeys(endpoints(), null, prefix, true,
                new NullProgressMonitor());

        List<EtcdKeyInfo> expected = etcdctlKeys(prefix, section.revision());
        assertEquals(25, expected.size());
        assertEquals(expected, section.keys());
        assertEquals("etcd " + ETCD.clientEndpoint(), section.source());
        assertEquals(0, section.compactRevision());
        EtcdKeyInfo updated = section.keys().stream().filter(k -> k.key().equals(prefix + "ka0")).findFirst()
                .orElseThrow();
        assertEquals(3, updated.version());
        assertArrayEquals("updated again".getBytes(StandardCharsets.UTF_8), updated.value());
    }

    @Test
    void allPagesAreReadAtTheRevisionOfTheFirst() throws Exception {
        String prefix = "/registry/reader-consistent/";
        try (Client client = client()) {
            for (int i = 0; i < 300; i++) {
                put(client, prefix + String.format("key-%04d", i), "v0");
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Client client = client()) {
                for (int i = 0; !stop.get(); i++) {
                    // Updates keys ahead of and behind the reader, and adds new ones.
                    put(client, prefix + String.format("key-%04d", (i * 37) % 300), "v" + i);
                    put(client, prefix + String.format("key-%04d-new", i), "new");
                    written.addAndGet(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        EtcdSection section;
        try {
            while (written.get() < 20) {
                Thread.sleep(5);
            }
            section = new EtcdKeyReader(3, 1 << 20).readKeys(endpoints(), null, prefix, true,
                    new NullProgressMonitor());
        } finally {
            stop.set(true);
        }
        writer.get(30, TimeUnit.SECONDS);

        for (EtcdKeyInfo k : section.keys()) {
            assertTrue(k.modRevision() <= section.revision(), k + " is newer than " + section.revision());
        }
        assertEquals(etcdctlKeys(prefix, section.revision()), section.keys());
        long now = etcdctlKeys(prefix, 0).stream().mapToLong(EtcdKeyInfo::modRevision).max().orElseThrow();
        assertTrue(now > section.revision(), "the writer wrote while the pages were read");
    }

    @Test
    void valuesAreLeftOutWhenNotWanted() throws Exception {
        String prefix = "/registry/reader-keys-only/";
        try (Client client = client()) {
            for (int i = 0; i < 10; i++) {
                put(client, prefix + i, "some value " + i);
            }
        }

        EtcdSection section = new EtcdKeyReader(3, 1 << 20).readKeys(endpoints(), null, prefix, false,
                new NullProgressMonitor());

        List<EtcdKeyInfo> expected = etcdctlKeys(prefix, section.revision());
        assertEquals(expected.stream().map(EtcdKeyInfo::key).toList(), section.keys().stream().map(EtcdKeyInfo::key)
                .toList());
        for (int i = 0; i < expected.size(); i++) {
            EtcdKeyInfo k = section.keys().get(i);
            assertNull(k.value());
            assertEquals(-1, k.valueSize());
            assertEquals(expected.get(i).modRevision(), k.modRevision());
            assertEquals(expected.get(i).version(), k.version());
        }
    }

    @Test
    void anEmptyPrefixReadsEveryKey() throws Exception {
        try (Client client = client()) {
            put(client, "compact_rev_key", "outside /registry");
            put(client, "/registry/reader-all/a", "inside");
        }

        EtcdSection section = new EtcdKeyReader().readKeys(endpoints(), null, "", true, new NullProgressMonitor());

        List<String> keys = section.keys().stream().map(EtcdKeyInfo::key).toList();
        assertTrue(keys.contains("compact_rev_key"), keys::toString);
        assertTrue(keys.contains("/registry/reader-all/a"), keys::toString);
        assertEquals(etcdctlKeys("", section.revision()), section.keys());
    }

    @Test
    void cancellingStopsBetweenPages() throws Exception {
        String prefix = "/registry/reader-cancel/";
        try (Client client = client()) {
            for (int i = 0; i < 20; i++) {
                put(client, prefix + i, "v");
            }
        }
        AtomicInteger pages = new AtomicInteger();
        NullProgressMonitor monitor = new NullProgressMonitor() {
            @Override
            public void subTask(String name) {
                if (name.startsWith("page") && pages.incrementAndGet() == 3) {
                    setCanceled(true);
                }
            }
        };

        assertThrows(OperationCanceledException.class,
                () -> new EtcdKeyReader(2, 1 << 20).readKeys(endpoints(), null, prefix, true, monitor));
        assertEquals(3, pages.get());
    }

    @Test
    void anUnreachableEndpointIsAConnectError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EtcdEndpoints dead = new EtcdEndpoints(List.of(URI.create("http://127.0.0.1:" + port)), null, null, null,
                null, null, false);

        EtcdConnectException e = assertThrows(EtcdConnectException.class,
                () -> new EtcdKeyReader().readKeys(dead, null, null, true, new NullProgressMonitor()));

        assertTrue(e.getMessage().contains("connection refused") || e.getMessage().contains("unavailable"),
                e.getMessage());
    }

    static EtcdEndpoints endpoints() {
        return new EtcdEndpoints(List.of(ETCD.clientEndpoint()), null, null, null, null, null, false);
    }

    private static Client client() throws EtcdConnectException {
        return EtcdClientFactory.create(endpoints(), null);
    }

    private static void put(Client client, String key, String value) throws Exception {
        client.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8),
                ByteSequence.from(value, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    }

    /** What {@code etcdctl get --prefix -w json} shows, at {@code revision} unless it is 0. */
    static List<EtcdKeyInfo> etcdctlKeys(String prefix, long revision) throws Exception {
        List<String> args = new ArrayList<>(List.of("get", "-w", "json"));
        if (prefix.isEmpty()) {
            args.addAll(List.of("--from-key", ""));
        } else {
            args.addAll(List.of("--prefix", prefix));
        }
        if (revision > 0) {
            args.add("--rev=" + revision);
        }
        JsonNode root = JSON.readTree(ETCD.etcdctl(args.toArray(String[]::new)).stdout());
        List<EtcdKeyInfo> keys = new ArrayList<>();
        for (JsonNode kv : root.path("kvs")) {
            byte[] value = kv.has("value") ? Base64.getDecoder().decode(kv.get("value").asString()) : new byte[0];
            keys.add(new EtcdKeyInfo(new String(Base64.getDecoder().decode(kv.get("key").asString()),
                    StandardCharsets.UTF_8), kv.path("create_revision").asLong(), kv.path("mod_revision").asLong(),
                    kv.path("version").asLong(), kv.path("lease").asLong(), value.length, value));
        }
        return keys;
    }
}
