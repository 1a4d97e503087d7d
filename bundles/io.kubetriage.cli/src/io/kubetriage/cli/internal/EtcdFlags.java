package io.kubetriage.cli.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.EtcdEndpointsParser;

/**
 * etcdctl's connection options as the etcd commands take them ({@code --endpoints}, {@code --cacert},
 * ...), or with a prefix for commands where they sit next to other options
 * ({@code snapshot capture --etcd-endpoints}). Each option not given is read from its
 * {@code ETCDCTL_*} variable.
 */
final class EtcdFlags {

    /** The options that take a value, without prefix. */
    static final Set<String> OPTIONS = Set.of("endpoints", "cacert", "cert", "key", "user", "password",
            "dial-timeout");
    /** The switches, without prefix. */
    static final Set<String> SWITCHES = Set.of("insecure-skip-tls-verify");

    /** The options as etcdctl names them. */
    static final EtcdFlags ETCDCTL = new EtcdFlags("");
    /** The options named {@code --etcd-endpoints}, {@code --etcd-cacert}, ... */
    static final EtcdFlags PREFIXED = new EtcdFlags("etcd-");

    /** Where and how to reach etcd: the endpoints with their TLS settings, and the password if any. */
    record Connection(EtcdEndpoints endpoints, char[] password) {
    }

    private final String prefix;

    private EtcdFlags(String prefix) {
        this.prefix = prefix;
    }

    /** The names of the options that take a value, plus {@code more}. */
    Set<String> valued(String... more) {
        Set<String> all = new HashSet<>();
        OPTIONS.forEach(o -> all.add(prefix + o));
        all.addAll(Set.of(more));
        return Set.copyOf(all);
    }

    /** The names of the switches, plus {@code more}. */
    Set<String> switches(String... more) {
        Set<String> all = new HashSet<>();
        SWITCHES.forEach(o -> all.add(prefix + o));
        all.addAll(Set.of(more));
        return Set.copyOf(all);
    }

    /** Whether any of these options is given on the command line. */
    boolean anyGiven(Args args) {
        return valued().stream().anyMatch(args::has) || switches().stream().anyMatch(args::has);
    }

    /**
     * The connection from these options among {@code args} (the others are ignored).
     *
     * @throws UsageException for a bad endpoint, duration, or a certificate without its key
     */
    Connection connection(Args args, Map<String, String> env) throws UsageException {
        Map<String, String> flags = new LinkedHashMap<>();
        args.lastValues().forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                String bare = name.substring(prefix.length());
                if (OPTIONS.contains(bare) || SWITCHES.contains(bare)) {
                    flags.put(bare, value);
                }
            }
        });
        try {
            return new Connection(EtcdEndpointsParser.parse(flags, env),
                    EtcdEndpointsParser.password(flags, env).map(String::toCharArray).orElse(null));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (!prefix.isEmpty()) {
                for (String option : OPTIONS) {
                    message = message.replace("--" + option, "--" + prefix + option);
                }
                for (String option : SWITCHES) {
                    message = message.replace("--" + option, "--" + prefix + option);
                }
            }
            throw new UsageException(message);
        }
    }
}
