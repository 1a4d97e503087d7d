package io.kubetriage.connector.etcd.keys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.core.etcd.EtcdEndpoints;

/**
 * The versions of one key that etcd still holds, as {@code etcdctl get --rev} would show them one
 * by one.
 *
 * <p>The current incarnation of the key is walked back with reads at {@code mod_revision - 1}, one
 * small read per version. Before its creation (or when the key is deleted now) etcd's reads cannot
 * tell whether and when the key existed; that part of the history comes from a watch replaying the
 * key's changes since the compaction, deletions included. etcd sends nothing for a key without
 * changes, so the replay ends when etcd has been quiet for {@link #REPLAY_QUIET_MILLIS} ms after
 * its last message ({@link #REPLAY_FIRST_MILLIS} ms before the first): best effort on a store
 * whose history takes etcd longer than that to scan.
 */
public final class EtcdKeyHistory {

    /** How long the replay waits for etcd's first message. */
    public static final long REPLAY_FIRST_MILLIS = 2_000;
    /** How long the replay waits after a message for the next one. */
    public static final long REPLAY_QUIET_MILLIS = 500;

    private static final int MAX_INBOUND = 64 << 20;

    /**
     * Every version of the key etcd still holds, newest first: {@link KeyRevision.Kind#PUT} entries,
     * {@link KeyRevision.Kind#DELETED} where the key was deleted (before a gap, or now), and last a
     * {@link KeyRevision.Kind#COMPACTED} marker when older history was compacted away. Empty when
     * the key never existed in the history etcd holds.
     *
     * @param password the password of {@link EtcdEndpoints#user()}, or null
     * @param monitor  progress and cancellation, or null
     * @throws EtcdConnectException       when etcd cannot be reached or refuses the read
     * @throws OperationCanceledException when the monitor was cancelled
     */
    public List<KeyRevision> history(EtcdEndpoints endpoints, char[] password, String key, IProgressMonitor monitor)
            throws EtcdConnectException {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(key, "key");
        SubMonitor progress = SubMonitor.convert(monitor, "Reading the history of " + key, 100);
        progress.checkCanceled();
        Client client = KeyCalls.client(endpoints, password, MAX_INBOUND);
        try {
            return walk(client, endpoints, ByteSequence.from(key, StandardCharsets.UTF_8), progress);
        } catch (ExecutionException e) {
            throw KeyCalls.failure(e, endpoints);
        } finally {
            client.close();
        }
    }

    /**
     * The key as it was at {@code revision}: empty when it did not exist then.
     *
     * @param revision the revision; 0 or less means the current one
     * @throws EtcdCompactedException when etcd was compacted after {@code revision}
     * @throws EtcdConnectException   when etcd cannot be reached, refuses the read, or the revision
     *                                is newer than the store's
     */
    public Optional<KeyRevision> get(EtcdEndpoints endpoints, char[] password, String key, long revision)
            throws EtcdConnectException, EtcdCompactedException {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(key, "key");
        IProgressMonitor monitor = new NullProgressMonitor();
        Client client = KeyCalls.client(endpoints, password, MAX_INBOUND);
        try {
            KV kv = client.getKVClient();
            GetOption.Builder option = GetOption.builder();
            if (revision > 0) {
                option.withRevision(revision);
            }
            try {
                GetResponse response = KeyCalls.await(
                        kv.get(ByteSequence.from(key, StandardCharsets.UTF_8), option.build()), monitor);
                return response.getKvs().stream().findFirst().map(EtcdKeyHistory::put);
            } catch (ExecutionException e) {
                if (KeyCalls.isCompacted(e)) {
                    throw new EtcdCompactedException(revision, compactRevision(kv, monitor, endpoints));
                }
                if (KeyCalls.isFutureRevision(e)) {
                    throw new EtcdConnectException("revision " + revision + " is newer than etcd's current revision "
                            + currentRevision(kv, monitor, endpoints));
                }
                throw KeyCalls.failure(e, endpoints);
            }
        } finally {
            client.close();
        }
    }

    private static List<KeyRevision> walk(Client client, EtcdEndpoints endpoints, ByteSequence key,
            SubMonitor progress) throws ExecutionException, EtcdConnectException {
        KV kv = client.getKVClient();
        List<KeyRevision> history = new ArrayList<>();
        GetResponse response = KeyCalls.await(kv.get(key), progress);
        long at = response.getHeader().getRevision();
        while (true) {
            progress.setWorkRemaining(100).worked(1);
            if (response.getKvs().isEmpty()) {
                // Absent at `at`: what came before shows only in a replay of the key's changes.
                replayBefore(client, key, at, history, progress);
                return history;
            }
            KeyValue current = response.getKvs().get(0);
            history.add(put(current));
            if (current.getModRevision() <= 1) {
                return history;
            }
            at = current.getModRevision() - 1;
            try {
                response = KeyCalls.await(kv.get(key, GetOption.builder().withRevision(at).build()), progress);
            } catch (ExecutionException e) {
                if (!KeyCalls.isCompacted(e)) {
                    throw e;
                }
                history.add(KeyRevision.compacted(compactRevision(kv, progress, endpoints)));
                return history;
            }
        }
    }

    /** Adds the changes of the key up to revision {@code upTo}, at which it is absent, newest first. */
    private static void replayBefore(Client client, ByteSequence key, long upTo, List<KeyRevision> history,
            SubMonitor progress) throws ExecutionException {
        KV kv = client.getKVClient();
        long compact = KeyCalls.compactRevision(kv, upTo, progress);
        List<WatchEvent> events = new ArrayList<>();
        boolean compactedMeanwhile = false;
        if (compact + 1 <= upTo) {
            try {
                events = replay(client.getWatchClient(), key, Math.max(1, compact + 1), upTo, progress);
            } catch (ExecutionException e) {
                if (!KeyCalls.isCompacted(e)) {
                    throw e;
                }
                compactedMeanwhile = true;
            }
        }
        if (compactedMeanwhile) {
            history.add(KeyRevision.compacted(KeyCalls.compactRevision(kv, currentRevision(kv, progress), progress)));
            return;
        }
        for (int i = events.size() - 1; i >= 0; i--) {
            WatchEvent event = events.get(i);
            if (event.getEventType() == WatchEvent.EventType.DELETE) {
                history.add(KeyRevision.deleted(event.getKeyValue().getModRevision()));
            } else if (event.getEventType() == WatchEvent.EventType.PUT) {
                history.add(put(event.getKeyValue()));
            }
        }
        if (compact == 0) {
            return; // the replay started at revision 1: nothing is missing
        }
        // The state at the compaction is still held; what came before it is not.
        try {
            GetResponse atCompaction = KeyCalls.await(kv.get(key, GetOption.builder().withRevision(compact).build()),
                    progress);
            if (!atCompaction.getKvs().isEmpty()) {
                history.add(put(atCompaction.getKvs().get(0)));
            }
        } catch (ExecutionException e) {
            if (!KeyCalls.isCompacted(e)) {
                throw e;
            }
            compact = KeyCalls.compactRevision(kv, currentRevision(kv, progress), progress);
        }
        history.add(KeyRevision.compacted(compact));
    }

    /** The key's changes in [from, upTo], oldest first, replayed by a watch. */
    private static List<WatchEvent> replay(Watch watch, ByteSequence key, long from, long upTo,
            SubMonitor progress) throws ExecutionException {
        LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        Watch.Listener listener = Watch.listener(messages::add, messages::add, () -> messages.add(Boolean.TRUE));
        List<WatchEvent> events = new ArrayList<>();
        Watch.Watcher watcher = watch.watch(key, WatchOption.builder().withRevision(from).build(), listener);
        try {
            long wait = REPLAY_FIRST_MILLIS;
            while (true) {
                Object message = poll(messages, wait, progress);
                if (message == null || message instanceof Boolean) {
                    break;
                }
                if (message instanceof Throwable error) {
                    throw new ExecutionException(error);
                }
                boolean beyond = false;
                for (WatchEvent event : ((WatchResponse) message).getEvents()) {
                    long revision = event.getKeyValue().getModRevision();
                    if (revision > upTo) {
                        beyond = true;
                        break;
                    }
                    events.add(event);
                }
                if (beyond) {
                    break;
                }
                wait = REPLAY_QUIET_MILLIS;
            }
        } finally {
            watcher.close();
        }
        return events;
    }

    private static Object poll(LinkedBlockingQueue<Object> messages, long millis, IProgressMonitor monitor) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                Object message = messages.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)),
                        TimeUnit.NANOSECONDS);
                if (message != null) {
                    return message;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCanceledException();
            }
        }
    }

    private static KeyRevision put(KeyValue kv) {
        return KeyRevision.put(kv.getModRevision(), kv.getCreateRevision(), kv.getVersion(), kv.getLease(),
                kv.getValue().getBytes());
    }

    private static long currentRevision(KV kv, IProgressMonitor monitor) throws ExecutionException {
        return KeyCalls.await(kv.get(ByteSequence.from(new byte[] {0}), GetOption.builder().withCountOnly(true)
                .build()), monitor).getHeader().getRevision();
    }

    private static long currentRevision(KV kv, IProgressMonitor monitor, EtcdEndpoints endpoints)
            throws EtcdConnectException {
        try {
            return currentRevision(kv, monitor);
        } catch (ExecutionException e) {
            throw KeyCalls.failure(e, endpoints);
        }
    }

    private static long compactRevision(KV kv, IProgressMonitor monitor, EtcdEndpoints endpoints)
            throws EtcdConnectException {
        try {
            return KeyCalls.compactRevision(kv, currentRevision(kv, monitor), monitor);
        } catch (ExecutionException e) {
            throw KeyCalls.failure(e, endpoints);
        }
    }
}
