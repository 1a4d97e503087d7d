package io.kubetriage.connector.etcd.keys;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.grpc.Status;
import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;

/**
 * Reads the keys under a prefix, with or without their values, as one consistent picture: every
 * page is read at the revision of the first one, so writes made while reading do not show.
 *
 * <p>Pages are range reads without a sort order: etcd returns a range in key order anyway, while
 * an explicit sort makes it read the whole rest of the range for every page. A page holds up to
 * {@code pageKeys} keys and about {@code pageBytes} bytes; the key count of the next page follows
 * the average size seen so far. Cancelling closes the connection.
 */
public final class EtcdKeyReader {

    /** Where the API server keeps its objects. */
    public static final String DEFAULT_PREFIX = "/registry/";
    /** Keys per page at most. */
    public static final int DEFAULT_PAGE_KEYS = 10_000;
    /** Bytes per page, about. */
    public static final long DEFAULT_PAGE_BYTES = 32L << 20;

    private static final byte[] ALL_KEYS = {0};
    // An answer may exceed the budget by the values of one page the estimate got wrong.
    private static final long INBOUND_SLACK = 64L << 20;

    private final int pageKeys;
    private final long pageBytes;

    public EtcdKeyReader() {
        this(DEFAULT_PAGE_KEYS, DEFAULT_PAGE_BYTES);
    }

    /**
     * @param pageKeys  keys per page at most
     * @param pageBytes about how many bytes of keys and values a page may hold
     */
    public EtcdKeyReader(int pageKeys, long pageBytes) {
        if (pageKeys < 1 || pageBytes < 1) {
            throw new IllegalArgumentException("page sizes must be positive");
        }
        this.pageKeys = pageKeys;
        this.pageBytes = pageBytes;
    }

    /**
     * Reads every key under {@code prefix} at the current revision.
     *
     * @param password   the password of {@link EtcdEndpoints#user()}, or null
     * @param prefix     the key prefix; null means {@value #DEFAULT_PREFIX}, empty means every key
     * @param withValues whether to keep the values; without them only the keys and their revisions
     *                   are read, and the value sizes are not known (-1)
     * @param monitor    progress (by keys read, one page at a time) and cancellation, or null
     * @return the keys in key order, with {@link EtcdSection#revision()} the revision they were
     *         read at, {@link EtcdSection#compactRevision()} etcd's compaction, and no status
     * @throws EtcdConnectException       when etcd cannot be reached or refuses the read
     * @throws EtcdCompactedException     when etcd was compacted past the revision of the first page
     *                                    before the last one was read; reading again helps
     * @throws OperationCanceledException when the monitor was cancelled
     */
    public EtcdSection readKeys(EtcdEndpoints endpoints, char[] password, String prefix, boolean withValues,
            IProgressMonitor monitor) throws EtcdConnectException, EtcdCompactedException {
        Objects.requireNonNull(endpoints, "endpoints");
        String keyPrefix = prefix == null ? DEFAULT_PREFIX : prefix;
        SubMonitor progress = SubMonitor.convert(monitor, "Reading etcd keys under "
                + (keyPrefix.isEmpty() ? "/" : keyPrefix), 1000);
        progress.checkCanceled();
        int maxInbound = (int) Math.min(Integer.MAX_VALUE, pageBytes * 2 + INBOUND_SLACK);
        Client client = KeyCalls.client(endpoints, password, maxInbound);
        try {
            return read(client.getKVClient(), endpoints, keyPrefix, withValues, progress);
        } finally {
            // Also ends a call in flight when cancelled.
            client.close();
        }
    }

    private EtcdSection read(KV kv, EtcdEndpoints endpoints, String prefix, boolean withValues, SubMonitor progress)
            throws EtcdConnectException, EtcdCompactedException {
        byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
        ByteSequence start = ByteSequence.from(prefix.isEmpty() ? ALL_KEYS : prefixBytes);
        ByteSequence end = prefix.isEmpty() ? ByteSequence.from(ALL_KEYS)
                : OptionsUtil.prefixEndOf(ByteSequence.from(prefixBytes));
        List<EtcdKeyInfo> keys = new ArrayList<>();
        long revision = 0;
        long total = -1;
        int limit = withValues ? Math.min(pageKeys, 1_000) : pageKeys; // first page: learn the sizes
        long bytesSeen = 0;
        int page = 0;
        while (true) {
            page++;
            progress.subTask("page " + page + (total >= 0 ? " (" + keys.size() + " of " + total + " keys)" : ""));
            GetOption.Builder option = GetOption.builder().withRange(end).withLimit(limit).withKeysOnly(!withValues);
            if (revision > 0) {
                option.withRevision(revision);
            }
            GetResponse response;
            try {
                response = KeyCalls.await(kv.get(start, option.build()), progress);
            } catch (ExecutionException e) {
                if (revision > 0 && KeyCalls.isCompacted(e)) {
                    throw new EtcdCompactedException(revision, compactRevision(kv, endpoints, progress));
                }
                if (Status.fromThrowable(KeyCalls.unwrap(e)).getCode() == Status.Code.RESOURCE_EXHAUSTED
                        && limit > 1) {
                    limit = Math.max(1, limit / 4); // values much larger than estimated
                    continue;
                }
                throw KeyCalls.failure(e, endpoints);
            }
            if (revision == 0) {
                revision = response.getHeader().getRevision();
                total = response.getCount();
                progress.setWorkRemaining((int) Math.min(Integer.MAX_VALUE, Math.max(1, total)));
            }
            List<KeyValue> kvs = response.getKvs();
            long pageBytesRead = 0;
            for (KeyValue k : kvs) {
                byte[] key = k.getKey().getBytes();
                byte[] value = withValues ? k.getValue().getBytes() : null;
                pageBytesRead += key.length + (value == null ? 0 : value.length);
                keys.add(new EtcdKeyInfo(new String(key, StandardCharsets.UTF_8), k.getCreateRevision(),
                        k.getModRevision(), k.getVersion(), k.getLease(), value == null ? -1 : value.length, value));
            }
            progress.worked(kvs.size());
            if (!response.isMore() || kvs.isEmpty()) {
                break;
            }
            bytesSeen += pageBytesRead;
            long average = Math.max(1, bytesSeen / keys.size()) + 64;
            limit = (int) Math.max(1, Math.min(pageKeys, pageBytes / average));
            start = ByteSequence.from(successor(kvs.get(kvs.size() - 1).getKey().getBytes()));
            progress.checkCanceled();
        }
        long compact = compactRevision(kv, endpoints, progress, revision);
        String source = "etcd " + endpoints.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
        return new EtcdSection(source, revision, compact, null, keys);
    }

    private static long compactRevision(KV kv, EtcdEndpoints endpoints, IProgressMonitor monitor)
            throws EtcdConnectException {
        try {
            long current = KeyCalls.await(kv.get(ByteSequence.from(ALL_KEYS), GetOption.builder().withCountOnly(true)
                    .build()), monitor).getHeader().getRevision();
            return KeyCalls.compactRevision(kv, current, monitor);
        } catch (ExecutionException e) {
            throw KeyCalls.failure(e, endpoints);
        }
    }

    private static long compactRevision(KV kv, EtcdEndpoints endpoints, IProgressMonitor monitor, long readable)
            throws EtcdConnectException {
        try {
            return KeyCalls.compactRevision(kv, readable, monitor);
        } catch (ExecutionException e) {
            if (KeyCalls.isCompacted(e)) {
                return compactRevision(kv, endpoints, monitor);
            }
            throw KeyCalls.failure(e, endpoints);
        }
    }

    /** The smallest key after {@code key}: the key with a zero byte appended. */
    private static byte[] successor(byte[] key) {
        byte[] next = new byte[key.length + 1];
        System.arraycopy(key, 0, next, 0, key.length);
        return next;
    }
}
