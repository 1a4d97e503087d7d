package io.kubetriage.connector.etcd.keys.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.kubetriage.connector.etcd.EtcdClientFactory;
import io.kubetriage.connector.etcd.keys.EtcdKeyReader;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.test.support.etcd.EtcdServerExtension;

/**
 * Times {@link EtcdKeyReader#readKeys} with values against {@code etcdctl get --prefix /registry -w
 * json} on the same store, alternating the two. Not run in CI: see releng/scripts/bench-etcd-keys.sh.
 *
 * <p>Arguments: {@code [--endpoint URL] [--keys N] [--value-bytes B] [--rounds R]}. Without an
 * endpoint a throw-away etcd is started on free loopback ports; with one, the keys are loaded under
 * {@code /registry/bench/} only when that prefix is empty, and are left there.
 */
public final class EtcdKeyReadBenchmark {

    private static final String PREFIX = "/registry/bench/";
    private static final int TXN_OPS = 100;
    private static final int IN_FLIGHT = 32;

    private EtcdKeyReadBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = options(argv);
        int keys = Integer.parseInt(args.getOrDefault("keys", "100000"));
        int valueBytes = Integer.parseInt(args.getOrDefault("value-bytes", "1500"));
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        EtcdServerExtension etcd = null;
        URI endpoint;
        if (args.containsKey("endpoint")) {
            endpoint = URI.create(args.get("endpoint"));
        } else {
            etcd = EtcdServerExtension.plain();
            etcd.beforeAll(null);
            endpoint = etcd.clientEndpoint();
        }
        try {
            run(endpoint, keys, valueBytes, rounds);
        } finally {
            if (etcd != null) {
                etcd.afterAll(null);
            }
        }
    }

    private static void run(URI endpoint, int keys, int valueBytes, int rounds) throws Exception {
        EtcdEndpoints endpoints = new EtcdEndpoints(List.of(endpoint), null, null, null, null, null, false);
        System.out.printf("etcd %s, %s%n", endpoint, etcdVersion());
        load(endpoints, keys, valueBytes);
        List<Double> etcdctl = new ArrayList<>();
        List<Double> reader = new ArrayList<>();
        EtcdKeyReader keyReader = new EtcdKeyReader();
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            etcdctlGet(endpoint);
            double a = seconds(start);
            start = System.nanoTime();
            EtcdSection section = keyReader.readKeys(endpoints, null, "/registry", true, new NullProgressMonitor());
            double b = seconds(start);
            etcdctl.add(a);
            reader.add(b);
            System.out.printf("round %d: etcdctl %.2f s, readKeys %.2f s (%d keys, %.0f MB of values, revision %d)%n",
                    round, a, b, section.keys().size(), section.totalValueBytes() / 1e6, section.revision());
        }
        double bestEtcdctl = etcdctl.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double bestReader = reader.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        System.out.printf("best of %d: etcdctl get --prefix /registry -w json: %.2f s; readKeys with values: %.2f s;"
                + " ratio %.2f (goal <= 1.2)%n", rounds, bestEtcdctl, bestReader, bestReader / bestEtcdctl);
    }

    /** Puts the keys in transactions of {@value #TXN_OPS}, {@value #IN_FLIGHT} at a time. */
    private static void load(EtcdEndpoints endpoints, int keys, int valueBytes) throws Exception {
        try (Client client = EtcdClientFactory.create(endpoints, null)) {
            GetResponse existing = client.getKVClient().get(ByteSequence.from(PREFIX, StandardCharsets.UTF_8),
                    GetOption.builder().isPrefix(true).withCountOnly(true).build()).get(30, TimeUnit.SECONDS);
            if (existing.getCount() >= keys) {
                System.out.printf("%d keys already under %s%n", existing.getCount(), PREFIX);
                return;
            }
            long start = System.nanoTime();
            Random random = new Random(42);
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            List<CompletableFuture<?>> pending = new ArrayList<>();
            String[] kinds = {"pods", "configmaps", "deployments", "services", "events"};
            for (int first = 0; first < keys; first += TXN_OPS) {
                List<Op> ops = new ArrayList<>();
                for (int i = first; i < Math.min(keys, first + TXN_OPS); i++) {
                    String key = PREFIX + kinds[i % kinds.length] + "/ns-" + (i % 97) + "/object-" + i;
                    byte[] value = new byte[valueBytes];
                    random.nextBytes(value);
                    ops.add(Op.put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value),
                            PutOption.DEFAULT));
                }
                inFlight.acquire();
                pending.add(client.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit()
                        .whenComplete((r, e) -> inFlight.release()));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            System.out.printf("loaded %d keys of %d bytes in %.1f s%n", keys, valueBytes, seconds(start));
        }
    }

    private static void etcdctlGet(URI endpoint) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(EtcdServerExtension.ETCDCTL.toString(), "--endpoints=" + endpoint,
                "get", "--prefix", "/registry", "-w", "json")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().keySet().removeIf(name -> name.startsWith("ETCDCTL_"));
        builder.environment().put("ETCDCTL_API", "3");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IOException("etcdctl exited with " + exit);
        }
    }

    private static String etcdVersion() {
        try {
            Process p = new ProcessBuilder(EtcdServerExtension.ETCDCTL.toString(), "version").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace('\n', ' ');
            p.waitFor();
            return out.strip();
        } catch (IOException | InterruptedException e) {
            return "etcdctl version unknown";
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static Map<String, String> options(String[] argv) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i] + " in " + Arrays.toString(argv));
            }
            options.put(argv[i].substring(2), argv[i + 1]);
        }
        return options;
    }
}
