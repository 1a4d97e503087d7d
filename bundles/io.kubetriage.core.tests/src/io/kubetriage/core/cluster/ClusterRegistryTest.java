package io.kubetriage.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.cluster.ClusterRegistryEvent.Type;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.kubeconfig.KubeContext;

class ClusterRegistryTest {

    private static final Path FILE = Path.of("/home/ana/.kube/config");
    private static final Instant T0 = Instant.parse("2024-06-01T10:00:00Z");
    private static final EtcdEndpoints ETCD = EtcdEndpoints.fromPreferenceString("endpoint=https://10.0.0.1:2379\n");

    private final List<ClusterRegistryEvent> events = new ArrayList<>();
    private final List<RuntimeException> listenerFailures = new ArrayList<>();
    private final ClusterRegistry registry = new ClusterRegistry(Clock.fixed(T0, ZoneOffset.UTC),
            (listener, e) -> listenerFailures.add(e));

    private static ClusterDescriptor cluster(String name, String server) {
        return ClusterDescriptor.of(new KubeContext(name, name, server, "admin", null, FILE, null));
    }

    @Test
    void idIsTheAbsoluteFilePathAndContextName() {
        assertEquals(FILE.toAbsolutePath() + "#prod", cluster("prod", "https://p").id());
        assertEquals(cluster("prod", "https://p").id(), ClusterDescriptor.idOf(FILE, "prod"));
    }

    @Test
    void copyMethodsChangeOnlyTheirSetting() {
        ClusterDescriptor d = cluster("prod", "https://p");

        ClusterDescriptor changed = d.withEtcd(ETCD).withReadOnly(true);

        assertEquals(Optional.empty(), d.etcd());
        assertFalse(d.readOnly());
        assertEquals(Optional.of(ETCD), changed.etcd());
        assertTrue(changed.readOnly());
        assertEquals(d.id(), changed.id());
        assertSame(d.context(), changed.context());
    }

    @Test
    void newClustersStartDisconnectedInTheGivenOrder() {
        registry.setDescriptors(List.of(cluster("b", "https://b"), cluster("a", "https://a")));

        assertEquals(List.of("b", "a"), registry.all().stream().map(ClusterDescriptor::name).toList());
        assertEquals(Optional.of(ClusterConnectionStatus.disconnected(T0)),
                registry.status(cluster("a", "https://a").id()));
    }

    @Test
    void reloadKeepsStatusAndEtcdSettingsOfSurvivingClustersAndDropsVanishedOnes() {
        ClusterDescriptor prod = cluster("prod", "https://old");
        ClusterDescriptor lab = cluster("lab", "https://lab");
        registry.setDescriptors(List.of(prod, lab));
        registry.update(prod.withEtcd(ETCD).withReadOnly(true));
        ClusterConnectionStatus connected = ClusterConnectionStatus.connected(
                new ClusterInfo("v1.20.2", 3, 12, null), T0.plusSeconds(5));
        registry.updateStatus(prod.id(), connected);
        registry.updateStatus(lab.id(), ClusterConnectionStatus.failed("refused", T0));
        events.clear();
        registry.addListener(events::add);

        ClusterDescriptor reloadedProd = cluster("prod", "https://new");
        ClusterDescriptor dev = cluster("dev", "https://dev");
        registry.setDescriptors(List.of(dev, reloadedProd));

        ClusterDescriptor kept = registry.get(prod.id()).orElseThrow();
        assertEquals("https://new", kept.context().serverUrl(), "context comes from the reload");
        assertEquals(Optional.of(ETCD), kept.etcd());
        assertTrue(kept.readOnly());
        assertEquals(Optional.of(connected), registry.status(prod.id()));

        assertEquals(Optional.empty(), registry.get(lab.id()));
        assertEquals(Optional.empty(), registry.status(lab.id()));
        assertEquals(Optional.of(ClusterConnectionStatus.disconnected(T0)), registry.status(dev.id()));
        assertEquals(List.of(dev.id(), prod.id()), registry.all().stream().map(ClusterDescriptor::id).toList());

        assertEquals(1, events.size());
        ClusterRegistryEvent event = events.get(0);
        assertEquals(Type.RELOADED, event.type());
        assertTrue(event.allChanged());
        assertEquals(Set.of(dev.id()), event.addedIds());
        assertEquals(Set.of(lab.id()), event.removedIds());
        assertEquals(Set.of(dev.id(), lab.id(), prod.id()), event.changedIds());
    }

    @Test
    void reloadTakesEtcdSettingsOfTheNewDescriptorWhenTheRegistryHasNone() {
        ClusterDescriptor prod = cluster("prod", "https://p");
        registry.setDescriptors(List.of(prod));

        registry.setDescriptors(List.of(prod.withEtcd(ETCD)));

        assertEquals(Optional.of(ETCD), registry.get(prod.id()).orElseThrow().etcd());
    }

    @Test
    void reloadWithoutChangesMarksNoIdAsChanged() {
        ClusterDescriptor prod = cluster("prod", "https://p");
        registry.setDescriptors(List.of(prod));
        registry.addListener(events::add);

        registry.setDescriptors(List.of(prod));

        assertEquals(List.of(new ClusterRegistryEvent(Type.RELOADED, Set.of(), Set.of(), Set.of())), events);
    }

    @Test
    void duplicateIdsAreRefusedAndLeaveTheRegistryAlone() {
        ClusterDescriptor prod = cluster("prod", "https://p");
        registry.setDescriptors(List.of(prod));

        assertThrows(IllegalArgumentException.class,
                () -> registry.setDescriptors(List.of(cluster("x", "https://x"), prod, prod)));
        assertEquals(List.of(prod), registry.all());
    }

    @Test
    void statusUpdatesAreAnnouncedForTheirIdOnly() {
        ClusterDescriptor prod = cluster("prod", "https://p");
        registry.setDescriptors(List.of(prod, cluster("lab", "https://l")));
        registry.addListener(events::add);

        assertTrue(registry.updateStatus(prod.id(), ClusterConnectionStatus.connecting(T0)));
        assertTrue(registry.updateStatus(prod.id(), ClusterConnectionStatus.connecting(T0)));

        assertEquals(List.of(new ClusterRegistryEvent(Type.STATUS_CHANGED, Set.of(prod.id()), Set.of(), Set.of())),
                events, "a repeated identical status is announced once");
        assertTrue(events.get(0).affects(prod.id()));
        assertFalse(events.get(0).affects(cluster("lab", "https://l").id()));
        assertFalse(events.get(0).allChanged());
    }

    @Test
    void updatesForUnknownIdsAreIgnored() {
        registry.addListener(events::add);

        assertFalse(registry.updateStatus("gone#x", ClusterConnectionStatus.cancelled(T0)));
        assertFalse(registry.update(cluster("gone", "https://g")));
        assertEquals(List.of(), registry.all());
        assertEquals(Optional.empty(), registry.status("gone#x"));
        assertEquals(List.of(), events);
    }

    @Test
    void descriptorUpdateIsAnnounced() {
        ClusterDescriptor prod = cluster("prod", "https://p");
        registry.setDescriptors(List.of(prod));
        registry.addListener(events::add);

        assertTrue(registry.update(prod.withReadOnly(true)));

        assertTrue(registry.get(prod.id()).orElseThrow().readOnly());
        assertEquals(List.of(new ClusterRegistryEvent(Type.DESCRIPTOR_CHANGED, Set.of(prod.id()), Set.of(), Set.of())),
                events);
    }

    @Test
    void throwingListenerDoesNotStopTheOthers() {
        ClusterDescriptor prod = cluster("prod", "https://p");
        registry.setDescriptors(List.of(prod));
        List<String> calls = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("view disposed");
        registry.addListener(e -> calls.add("first"));
        registry.addListener(e -> {
            calls.add("broken");
            throw boom;
        });
        registry.addListener(e -> calls.add("last"));

        registry.updateStatus(prod.id(), ClusterConnectionStatus.connecting(T0));

        assertEquals(List.of("first", "broken", "last"), calls);
        assertEquals(List.of(boom), listenerFailures);
    }

    @Test
    void removedListenerIsNotCalled() {
        ClusterDescriptor prod = cluster("prod", "https://p");
        registry.setDescriptors(List.of(prod));
        ClusterRegistryListener listener = events::add;
        registry.addListener(listener);
        registry.removeListener(listener);

        registry.updateStatus(prod.id(), ClusterConnectionStatus.connecting(T0));

        assertEquals(List.of(), events);
    }

    @Test
    void listenersRunOutsideTheLockSoTheyCanReadTheRegistryFromAnotherThread() throws Exception {
        ClusterDescriptor prod = cluster("prod", "https://p");
        registry.setDescriptors(List.of(prod));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            List<Optional<ClusterConnectionStatus>> seen = new ArrayList<>();
            registry.addListener(e -> {
                try {
                    // Would deadlock if the registry still held its lock while calling us.
                    seen.add(other.submit(() -> registry.status(prod.id())).get(5, TimeUnit.SECONDS));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });

            registry.updateStatus(prod.id(), ClusterConnectionStatus.failed("x", T0));

            assertEquals(List.of(Optional.of(ClusterConnectionStatus.failed("x", T0))), seen);
            assertEquals(List.of(), listenerFailures);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void concurrentStatusUpdatesAreAllRecorded() throws Exception {
        List<ClusterDescriptor> clusters = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clusters.add(cluster("c" + i, "https://c" + i));
        }
        registry.setDescriptors(clusters);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (ClusterDescriptor c : clusters) {
                pool.submit(() -> {
                    start.await();
                    return registry.updateStatus(c.id(), ClusterConnectionStatus.connecting(T0));
                });
            }
            start.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }

        for (ClusterDescriptor c : clusters) {
            assertEquals(ConnectionState.CONNECTING, registry.status(c.id()).orElseThrow().state(), c.id());
        }
    }

    @Test
    void toStringShowsIdAndEtcdWithoutSecrets() {
        ClusterDescriptor d = cluster("prod", "https://p").withEtcd(
                new EtcdEndpoints(List.of(URI.create("https://e:2379")), null, null, null, "root", null, false));

        assertEquals("ClusterDescriptor[id=" + FILE.toAbsolutePath() + "#prod, etcd=https://e:2379 (user root), readOnly=false]",
                d.toString());
    }
}
