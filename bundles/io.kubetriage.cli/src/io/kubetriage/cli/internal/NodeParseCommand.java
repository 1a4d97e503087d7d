package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.cni.CniConfig;
import io.kubetriage.core.node.cni.CniConfigParser;
import io.kubetriage.core.node.cni.CniPlugin;
import io.kubetriage.core.node.cni.CniProblem;
import io.kubetriage.core.node.cni.CniValidation;
import io.kubetriage.core.node.ipaddr.IpAddrParser;
import io.kubetriage.core.node.ipaddr.IpAddrRecord;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesRule;
import io.kubetriage.core.node.netfilter.iptables.IptablesSaveParser;
import io.kubetriage.core.node.netfilter.iptables.IptablesTable;
import io.kubetriage.core.node.netfilter.iptables.MatchModule;
import io.kubetriage.core.node.netfilter.iptables.RuleOption;
import io.kubetriage.core.node.netfilter.ipvs.IpvsTable;
import io.kubetriage.core.node.netfilter.ipvs.IpvsadmParser;
import io.kubetriage.core.node.netfilter.ipvs.RealServer;
import io.kubetriage.core.node.netfilter.ipvs.VirtualService;

/** {@code kubetriage-cli node parse}: reads one file collected on a node (docs/node-data.md) and shows what it holds. */
final class NodeParseCommand implements Command {

    private static final List<String> FORMATS = List.of("iptables-save", "ipvsadm", "ipvsadm-save", "cni", "ip-addr");

    @Override
    public String name() {
        return "node parse";
    }

    @Override
    public String summary() {
        return "Parse iptables-save, ipvsadm, CNI or ip addr output collected on a node";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli node parse --format FORMAT FILE [--service-cidr CIDR] [-o text|json]

                Reads one file collected on a node (see docs/node-data.md) and prints a summary of
                what it holds, or the whole parsed model with -o json. A malformed file is reported
                as FILE:LINE: REASON.

                Formats:
                  iptables-save   iptables-save [-c] or ip6tables-save output (legacy or nf_tables)
                  ipvsadm         ipvsadm -Ln [--exact|--stats|--rate] output, or /proc/net/ip_vs
                  ipvsadm-save    ipvsadm --save -n output
                  cni             a .conflist or .conf file, or a copy of /etc/cni/net.d (a folder:
                                  every file is read and checked)
                  ip-addr         ip -o addr show output

                Options:
                  --format FORMAT      the file's format (required)
                  --service-cidr CIDR  with --format cni and a folder: report kubeconfig servers
                                       that are ClusterIPs inside this CIDR
                  -o text|json         output format (default text)

                Exit codes: 0 the file was read (and, for a CNI folder, has no problem); 1 the file
                is malformed or unreadable, or the CNI folder has problems; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("format", "o", "service-cidr"), Set.of());
        String output = args.output("text", "json");
        String format = args.value("format");
        if (format == null) {
            throw new UsageException("--format is required (one of " + String.join("|", FORMATS) + ")");
        }
        if (!FORMATS.contains(format)) {
            throw new UsageException("--format takes one of " + String.join("|", FORMATS) + ", not '" + format + "'");
        }
        if (args.positional().size() != 1) {
            throw new UsageException(args.positional().isEmpty() ? "a FILE is needed"
                    : "one FILE only, not '" + args.positional().get(1) + "'");
        }
        Cidr serviceCidr = null;
        if (args.value("service-cidr") != null) {
            serviceCidr = Cidr.parse(args.value("service-cidr"));
            if (serviceCidr == null) {
                throw new UsageException("--service-cidr takes a CIDR such as 10.96.0.0/12, not '"
                        + args.value("service-cidr") + "'");
            }
        }
        Path file = Path.of(args.positional().get(0));
        boolean json = output.equals("json");
        try {
            if (format.equals("cni") && Files.isDirectory(file)) {
                return cniFolder(file, serviceCidr, json, context);
            }
            if (!Files.isRegularFile(file)) {
                context.err().println("error: " + file + ": " + (Files.exists(file) ? "not a regular file" : "file not found"));
                return ExitCode.FINDINGS;
            }
            Object model = switch (format) {
                case "iptables-save" -> iptables(new IptablesSaveParser().parse(file), json, context);
                case "ipvsadm" -> ipvs(new IpvsadmParser().parseList(Files.readString(file, StandardCharsets.UTF_8)), json, context);
                case "ipvsadm-save" -> ipvs(new IpvsadmParser().parseSave(Files.readString(file, StandardCharsets.UTF_8)), json, context);
                case "cni" -> cni(new CniConfigParser().parse(file.getFileName().toString(),
                        Files.readString(file, StandardCharsets.UTF_8)), json, context);
                default -> ipAddr(new IpAddrParser().parse(Files.readString(file, StandardCharsets.UTF_8)), json, context);
            };
            if (json) {
                context.out().print(Json.write(model));
            }
            return ExitCode.OK;
        } catch (NodeDataFormatException e) {
            context.err().println("error: " + e.describe(file.toString()));
            return ExitCode.FINDINGS;
        } catch (IOException e) {
            context.err().println("error: " + file + ": cannot read the file: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            return ExitCode.FINDINGS;
        }
    }

    private static Object iptables(IptablesDump dump, boolean json, CliContext context) {
        if (!json) {
            context.out().printf("%s (%s back-end, %s): %d table(s), %d chain(s), %d rule(s)%n",
                    dump.generator() == null ? "iptables-save" : dump.generator(),
                    dump.backend().name().toLowerCase(), dump.family().name().toLowerCase(), dump.tables().size(),
                    dump.chainCount(), dump.ruleCount());
            TextTable table = new TextTable("TABLE", "CHAINS", "USER CHAINS", "RULES", "LINE");
            for (IptablesTable t : dump.tables().values()) {
                table.row(t.name(), String.valueOf(t.chains().size()), String.valueOf(t.userChains().size()),
                        String.valueOf(t.ruleCount()), String.valueOf(t.lineNumber()));
            }
            table.print(context.out());
            return null;
        }
        List<Object> tables = new ArrayList<>();
        for (IptablesTable t : dump.tables().values()) {
            List<Object> chains = new ArrayList<>();
            for (IptablesChain c : t.chains().values()) {
                List<Object> rules = new ArrayList<>();
                for (IptablesRule r : c.rules()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("line", r.lineNumber());
                    m.put("raw", r.raw());
                    m.put("counters", r.counters() == null ? null : counters(r.counters().packets(), r.counters().bytes()));
                    m.put("matches", options(r.matches()));
                    List<Object> modules = new ArrayList<>();
                    for (MatchModule mod : r.modules()) {
                        modules.add(map("name", mod.name(), "options", options(mod.options())));
                    }
                    m.put("modules", modules);
                    m.put("target", r.target() == null ? null : map("name", r.target().name(), "goto", r.target().goTo(),
                            "options", options(r.target().options())));
                    rules.add(m);
                }
                Map<String, Object> chain = new LinkedHashMap<>();
                chain.put("name", c.name());
                chain.put("policy", c.policy());
                chain.put("counters", c.counters() == null ? null : counters(c.counters().packets(), c.counters().bytes()));
                chain.put("line", c.lineNumber());
                chain.put("rules", rules);
                chains.add(chain);
            }
            tables.add(map("name", t.name(), "line", t.lineNumber(), "commitLine", t.commitLine(), "chains", chains));
        }
        return map("generator", dump.generator(), "backend", dump.backend().name(), "family", dump.family().name(),
                "tables", tables);
    }

    private static Object ipvs(IpvsTable table, boolean json, CliContext context) {
        if (!json) {
            context.out().printf("%d virtual service(s), %d real server(s)%n", table.services().size(), table.realServerCount());
            TextTable t = new TextTable("SERVICE", "SCHEDULER", "REAL SERVERS", "LINE");
            for (VirtualService s : table.services()) {
                t.row(s.key(), s.scheduler() == null ? "" : s.scheduler(),
                        s.realServers().isEmpty() ? "none" : String.join(",",
                                s.realServers().stream().map(RealServer::endpoint).toList()),
                        String.valueOf(s.lineNumber()));
            }
            t.print(context.out());
            return null;
        }
        List<Object> services = new ArrayList<>();
        for (VirtualService s : table.services()) {
            List<Object> servers = new ArrayList<>();
            for (RealServer r : s.realServers()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", r.lineNumber());
                m.put("address", r.address());
                m.put("port", r.port());
                m.put("forward", r.forward().name());
                m.put("weight", r.weight());
                m.put("activeConnections", r.activeConnections());
                m.put("inactiveConnections", r.inactiveConnections());
                m.put("columns", r.columns());
                servers.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", s.lineNumber());
            m.put("protocol", s.protocol().name());
            m.put("address", s.address());
            m.put("port", s.port());
            m.put("firewallMark", s.firewallMark());
            m.put("scheduler", s.scheduler());
            m.put("persistenceTimeout", s.persistenceTimeout());
            m.put("netmask", s.netmask());
            m.put("flags", s.flags());
            m.put("columns", s.columns());
            m.put("realServers", servers);
            services.add(m);
        }
        return map("format", table.format().name(), "version", table.version(), "services", services);
    }

    private static Object cni(CniConfig config, boolean json, CliContext context) {
        if (!json) {
            context.out().printf("%s: network %s, cniVersion %s, %d plugin(s)%n", config.fileName(), config.name(),
                    config.cniVersion(), config.plugins().size());
            TextTable t = new TextTable("PLUGIN", "TYPE", "LINE", "DETAIL");
            for (CniPlugin p : config.plugins()) {
                String detail = p.calico() == null ? "" : "kubeconfig " + p.calico().kubeconfigPath() + ", datastore "
                        + p.calico().datastoreType() + ", ipam " + p.calico().ipamType();
                t.row(p.pointer().isEmpty() ? "/" : p.pointer(), p.type(), String.valueOf(p.line()), detail);
            }
            t.print(context.out());
            return null;
        }
        return cniModel(config);
    }

    private static Map<String, Object> cniModel(CniConfig config) {
        List<Object> plugins = new ArrayList<>();
        for (CniPlugin p : config.plugins()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", p.type());
            m.put("pointer", p.pointer());
            m.put("line", p.line());
            m.put("calico", p.calico() == null ? null : map("kubeconfig", p.calico().kubeconfigPath(),
                    "datastoreType", p.calico().datastoreType(), "ipam", p.calico().ipamType()));
            m.put("raw", p.rawJson());
            plugins.add(m);
        }
        return map("file", config.fileName(), "list", config.list(), "name", config.name(), "cniVersion",
                config.cniVersion(), "plugins", plugins);
    }

    private static int cniFolder(Path dir, Cidr serviceCidr, boolean json, CliContext context) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        CniValidation v = new CniConfigParser().validate(files, serviceCidr);
        if (json) {
            List<Object> problems = new ArrayList<>();
            for (CniProblem p : v.problems()) {
                problems.add(map("file", p.file(), "pointer", p.pointer(), "line", p.line(), "kind", p.kind().name(),
                        "message", p.message()));
            }
            List<Object> servers = new ArrayList<>();
            for (CniValidation.ApiServer s : v.apiServers()) {
                servers.add(map("kubeconfig", s.kubeconfigFile(), "line", s.line(), "server", s.server(), "clusterIp",
                        s.clusterIp()));
            }
            context.out().print(Json.write(map("configs", v.configs().stream().map(NodeParseCommand::cniModel).toList(),
                    "apiServers", servers, "problems", problems)));
        } else {
            for (CniConfig c : v.configs()) {
                context.out().printf("%s: network %s, plugins %s%n", c.fileName(), c.name(),
                        String.join(", ", c.plugins().stream().map(CniPlugin::type).toList()));
            }
            for (CniValidation.ApiServer s : v.apiServers()) {
                context.out().printf("%s: API server %s%s%n", s.kubeconfigFile(), s.server(), s.clusterIp() ? " (a ClusterIP)" : "");
            }
            for (CniProblem p : v.problems()) {
                context.err().println("error: " + dir.resolve(p.file()).normalize() + (p.line() > 0 ? ":" + p.line() : "")
                        + ": " + p.message());
            }
        }
        return v.ok() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    private static Object ipAddr(List<IpAddrRecord> records, boolean json, CliContext context) {
        if (!json) {
            context.out().printf("%d address(es)%n", records.size());
            TextTable t = new TextTable("INDEX", "INTERFACE", "FAMILY", "ADDRESS", "SCOPE", "LINE");
            for (IpAddrRecord r : records) {
                t.row(String.valueOf(r.interfaceIndex()), r.interfaceName(), r.family(), r.cidr(),
                        r.scope() == null ? "" : r.scope(), String.valueOf(r.lineNumber()));
            }
            t.print(context.out());
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (IpAddrRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", r.lineNumber());
            m.put("index", r.interfaceIndex());
            m.put("interface", r.interfaceName());
            m.put("family", r.family());
            m.put("address", r.address());
            m.put("prefixLength", r.prefixLength());
            m.put("peer", r.peer());
            m.put("scope", r.scope());
            out.add(m);
        }
        return map("addresses", out);
    }

    private static List<Object> options(List<RuleOption> options) {
        List<Object> out = new ArrayList<>();
        for (RuleOption o : options) {
            out.add(map("name", o.name(), "negated", o.negated(), "values", o.values()));
        }
        return out;
    }

    private static Map<String, Object> counters(long packets, long bytes) {
        return map("packets", packets, "bytes", bytes);
    }

    /** An ordered map from alternating keys and values (values may be null). */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
