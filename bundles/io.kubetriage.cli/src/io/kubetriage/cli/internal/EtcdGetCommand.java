package io.kubetriage.cli.internal;

import java.util.List;
import java.util.Optional;

import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.connector.etcd.decode.DecodedValue;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;
import io.kubetriage.connector.etcd.keys.EtcdCompactedException;
import io.kubetriage.connector.etcd.keys.EtcdKeyHistory;
import io.kubetriage.connector.etcd.keys.KeyRevision;
import io.kubetriage.connector.etcd.keys.KeyValueSummary;

/** {@code kubetriage-cli etcd get KEY}: one key of a live etcd, Kubernetes values decoded. */
final class EtcdGetCommand implements Command {

    @Override
    public String name() {
        return "etcd get";
    }

    @Override
    public String summary() {
        return "Show one etcd key, now or at a revision, decoded";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli etcd get KEY [--rev N] [-o yaml|json|raw]
                                               [--endpoints URL[,URL...]] [--cacert FILE]
                                               [--cert FILE --key FILE] [--user NAME[:PASSWORD]]
                                               [--password PASSWORD] [--dial-timeout DURATION]
                                               [--insecure-skip-tls-verify]

                Reads KEY from etcd, at revision N when --rev is given, else now. A value the
                Kubernetes API server stored (protobuf or JSON) is shown as the object the API
                would show, with metadata.resourceVersion set to the key's mod revision: as YAML
                by default, as JSON with -o json. -o raw prints the stored bytes: as text when they
                are text, else as a hex dump; other values are shown that way by default.
                The connection options are those of 'etcd status'.

                Exit codes: 0 the key was shown; 1 the key does not exist at that revision, the
                revision was compacted ("compacted at N"), the value is not a Kubernetes object
                (-o yaml|json) or etcd could not be read; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, EtcdFlags.ETCDCTL.valued("rev", "o"), EtcdFlags.ETCDCTL.switches());
        if (args.positional().size() != 1) {
            throw new UsageException(args.positional().isEmpty() ? "KEY is needed"
                    : "unexpected argument '" + args.positional().get(1) + "'");
        }
        String key = args.positional().get(0);
        String output = args.has("o") ? args.output("yaml", "json", "raw") : null;
        long revision = 0;
        if (args.has("rev")) {
            try {
                revision = Long.parseLong(args.value("rev"));
            } catch (NumberFormatException e) {
                revision = -1;
            }
            if (revision < 1) {
                throw new UsageException("--rev takes a revision number of 1 or more, not '" + args.value("rev") + "'");
            }
        }
        EtcdFlags.Connection connection = EtcdFlags.ETCDCTL.connection(args, context.env());

        Optional<KeyRevision> found;
        try {
            found = new EtcdKeyHistory().get(connection.endpoints(), connection.password(), key, revision);
        } catch (EtcdCompactedException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        } catch (EtcdConnectException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        }
        if (found.isEmpty()) {
            context.err().println("error: " + key + " does not exist" + (revision > 0 ? " at revision " + revision : ""));
            return ExitCode.FINDINGS;
        }
        KeyRevision value = found.get();
        if ("raw".equals(output)) {
            print(context, KeyValueSummary.raw(value.value()));
            return ExitCode.OK;
        }
        DecodedValue decoded = new KubernetesValueDecoder().decode(key, value.value())
                .withResourceVersion(value.modRevision());
        if (!decoded.isDecoded()) {
            if (output != null) {
                context.err().println("error: " + key + " is not a Kubernetes object"
                        + (decoded.problem() == null ? "" : " (" + decoded.problem() + ")") + "; show it with -o raw");
                return ExitCode.FINDINGS;
            }
            print(context, KeyValueSummary.raw(value.value()));
            return ExitCode.OK;
        }
        print(context, "json".equals(output) ? decoded.prettyJson() : decoded.toYaml());
        if (decoded.problem() != null) {
            context.err().println("warning: " + key + ": " + decoded.problem());
        }
        return ExitCode.OK;
    }

    private static void print(CliContext context, String text) {
        context.out().print(text.endsWith("\n") ? text : text + "\n");
    }
}
