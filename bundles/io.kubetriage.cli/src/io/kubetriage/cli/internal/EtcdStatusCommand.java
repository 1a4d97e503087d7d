package io.kubetriage.cli.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.connector.etcd.EtcdStatusReader;
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdMemberStatus;

/** {@code kubetriage-cli etcd status}: each member's version, revision, raft term and db size. */
final class EtcdStatusCommand implements Command {

    @Override
    public String name() {
        return "etcd status";
    }

    @Override
    public String summary() {
        return "Show the status of each etcd member";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli etcd status [--endpoints URL[,URL...]] [--cacert FILE]
                                                  [--cert FILE --key FILE] [--user NAME[:PASSWORD]]
                                                  [--password PASSWORD] [--dial-timeout DURATION]
                                                  [--insecure-skip-tls-verify] [-o text|json]

                Asks every endpoint for its member's status: member id and name, etcd version,
                database size and size in use, leader, raft term and index, and the store's
                revision. Options are etcdctl's; each one not given is read from its ETCDCTL_*
                environment variable (ETCDCTL_ENDPOINTS, ETCDCTL_CACERT, ETCDCTL_CERT, ETCDCTL_KEY,
                ETCDCTL_USER, ETCDCTL_PASSWORD, ETCDCTL_DIAL_TIMEOUT). The default endpoint is
                127.0.0.1:2379; an endpoint without a scheme uses https when TLS files are given.

                Exit codes: 0 every endpoint answered; 1 an endpoint did not answer (the others are
                still shown); 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, EtcdFlags.ETCDCTL.valued("o"), EtcdFlags.ETCDCTL.switches());
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        String output = args.output("text", "json");
        EtcdFlags.Connection connection = EtcdFlags.ETCDCTL.connection(args, context.env());

        EtcdClusterStatus status;
        try {
            status = new EtcdStatusReader().read(connection.endpoints(), connection.password(),
                    new NullProgressMonitor());
        } catch (EtcdConnectException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        }
        if (output.equals("json")) {
            context.out().print(Json.write(toJson(status)));
        } else {
            TextTable table = new TextTable("ENDPOINT", "ID", "NAME", "VERSION", "DB SIZE", "IN USE", "LEADER",
                    "RAFT TERM", "RAFT INDEX", "REVISION", "ERRORS");
            for (EtcdMemberStatus m : status.members()) {
                table.row(m.endpoint().toString(), m.memberIdHex(), m.name(), m.version(), Long.toString(m.dbSize()),
                        Long.toString(m.dbSizeInUse()), m.isLeader() ? "true" : "false", Long.toString(m.raftTerm()),
                        Long.toString(m.raftIndex()), Long.toString(m.revision()), String.join("; ", m.errors()));
            }
            table.print(context.out());
            for (Map.Entry<URI, String> f : status.failures().entrySet()) {
                context.err().println("error: " + f.getKey() + ": " + f.getValue());
            }
        }
        return status.failures().isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    private static Map<String, Object> toJson(EtcdClusterStatus status) {
        List<Object> members = new ArrayList<>();
        for (EtcdMemberStatus m : status.members()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("endpoint", m.endpoint().toString());
            j.put("memberId", m.memberIdHex());
            j.put("name", m.name());
            j.put("version", m.version());
            j.put("dbSize", m.dbSize());
            j.put("dbSizeInUse", m.dbSizeInUse());
            j.put("leader", m.isLeader());
            j.put("leaderId", EtcdMemberStatus.formatId(m.leaderId()));
            j.put("raftTerm", m.raftTerm());
            j.put("raftIndex", m.raftIndex());
            j.put("raftAppliedIndex", m.raftAppliedIndex());
            j.put("revision", m.revision());
            j.put("errors", m.errors());
            members.add(j);
        }
        List<Object> failures = new ArrayList<>();
        status.failures().forEach((endpoint, reason) -> failures.add(Map.of("endpoint", endpoint.toString(), "reason", reason)));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("members", members);
        doc.put("failures", failures);
        return doc;
    }
}
