package io.kubetriage.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;
import io.kubetriage.connector.etcd.keys.EtcdKeyHistory;
import io.kubetriage.connector.etcd.keys.KeyRevision;
import io.kubetriage.connector.etcd.keys.KeyValueSummary;

/** {@code kubetriage-cli etcd history KEY}: every version of a key etcd still holds. */
final class EtcdHistoryCommand implements Command {

    @Override
    public String name() {
        return "etcd history";
    }

    @Override
    public String summary() {
        return "List the versions of one etcd key that etcd still holds";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli etcd history KEY [-o text|json]
                                                   [--endpoints URL[,URL...]] [--cacert FILE]
                                                   [--cert FILE --key FILE] [--user NAME[:PASSWORD]]
                                                   [--password PASSWORD] [--dial-timeout DURATION]
                                                   [--insecure-skip-tls-verify]

                Lists every version of KEY that etcd still holds, newest first: its mod revision,
                version, create revision, value size and a summary (for Kubernetes objects the kind,
                metadata.generation and a Deployment's deployment.kubernetes.io/revision). A
                deletion between two incarnations of the key is a line of its own. When older
                versions were compacted away the list ends with "compacted at N". The connection
                options are those of 'etcd status'.

                Exit codes: 0 the history was shown; 1 the key has no history etcd still holds, or
                etcd could not be read; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, EtcdFlags.ETCDCTL.valued("o"), EtcdFlags.ETCDCTL.switches());
        if (args.positional().size() != 1) {
            throw new UsageException(args.positional().isEmpty() ? "KEY is needed"
                    : "unexpected argument '" + args.positional().get(1) + "'");
        }
        String key = args.positional().get(0);
        String output = args.output("text", "json");
        EtcdFlags.Connection connection = EtcdFlags.ETCDCTL.connection(args, context.env());

        List<KeyRevision> history;
        try {
            history = new EtcdKeyHistory().history(connection.endpoints(), connection.password(), key,
                    new NullProgressMonitor());
        } catch (EtcdConnectException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        }
        KubernetesValueDecoder decoder = new KubernetesValueDecoder();
        Long compactedAt = null;
        List<Object> revisions = new ArrayList<>();
        TextTable table = new TextTable("MOD REVISION", "VERSION", "CREATE REVISION", "SIZE", "SUMMARY");
        for (KeyRevision r : history) {
            switch (r.kind()) {
                case COMPACTED -> compactedAt = r.modRevision();
                case DELETED -> {
                    table.row(Long.toString(r.modRevision()), "-", "-", "-", "deleted");
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("modRevision", r.modRevision());
                    j.put("deleted", true);
                    revisions.add(j);
                }
                case PUT -> {
                    String summary = KeyValueSummary.of(decoder, key, r.value());
                    table.row(Long.toString(r.modRevision()), Long.toString(r.version()),
                            Long.toString(r.createRevision()), Integer.toString(r.value().length), summary);
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("modRevision", r.modRevision());
                    j.put("deleted", false);
                    j.put("version", r.version());
                    j.put("createRevision", r.createRevision());
                    j.put("valueSize", r.value().length);
                    j.put("summary", summary);
                    revisions.add(j);
                }
            }
        }
        if (output.equals("json")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("key", key);
            doc.put("revisions", revisions);
            doc.put("compactedAt", compactedAt);
            context.out().print(Json.write(doc));
        } else if (!revisions.isEmpty()) {
            table.print(context.out());
            if (compactedAt != null) {
                context.out().println("compacted at " + compactedAt);
            }
        }
        if (revisions.isEmpty()) {
            context.err().println("error: " + key + " has no history in etcd"
                    + (compactedAt == null ? "" : " since the compaction at " + compactedAt));
            return ExitCode.FINDINGS;
        }
        return ExitCode.OK;
    }
}
