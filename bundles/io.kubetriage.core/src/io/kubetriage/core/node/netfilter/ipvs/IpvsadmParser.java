package io.kubetriage.core.node.netfilter.ipvs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.netfilter.ipvs.IpvsTable.Format;

/**
 * Reads an IPVS table from the output of {@code ipvsadm -Ln} (also with {@code --exact},
 * {@code --stats} or {@code --rate}), of {@code ipvsadm --save -n}, or from
 * {@code /proc/net/ip_vs}. {@link #parse(String)} recognises the format; the format-specific
 * methods refuse the others. Malformed input is refused with a {@link NodeDataFormatException}
 * naming the line. Instances hold no state and may be shared between threads.
 */
public final class IpvsadmParser {

    private static final List<String> DEFAULT_SERVICE_COLUMNS = List.of("Scheduler", "Flags");
    private static final List<String> DEFAULT_SERVER_COLUMNS = List.of("Forward", "Weight", "ActiveConn", "InActConn");

    /** Reads any of the accepted formats, recognised from the first line. */
    public IpvsTable parse(String text) throws NodeDataFormatException {
        return parse(lines(text), null);
    }

    public IpvsTable parse(Path file) throws IOException, NodeDataFormatException {
        return parse(lines(file), null);
    }

    public IpvsTable parse(Reader reader) throws IOException, NodeDataFormatException {
        return parse(lines(reader), null);
    }

    /** Reads {@code ipvsadm -Ln} output (or {@code /proc/net/ip_vs}); refuses the save format. */
    public IpvsTable parseList(String text) throws NodeDataFormatException {
        return parse(lines(text), Format.LIST);
    }

    /** Reads {@code ipvsadm --save -n} output; refuses the list format. */
    public IpvsTable parseSave(String text) throws NodeDataFormatException {
        return parse(lines(text), Format.SAVE);
    }

    /**
     * The lines of a text, with the text as ISO-8859-1 bytes and where each line starts in it, for
     * the scanning of ordinary lines (characters past U+00FF become '?', which sends a line to the
     * general code).
     */
    private record Source(List<String> lines, byte[] bytes, int[] starts) {
    }

    private static IpvsTable parse(Source source, Format expected) throws NodeDataFormatException {
        List<String> lines = source.lines();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            return new IpvsTable(Format.EMPTY, null, List.of(), lines);
        }
        String head = lines.get(first).strip();
        boolean save = head.startsWith("-A") || head.startsWith("-a") || head.startsWith("--add-service");
        if (expected == Format.SAVE && !save) {
            throw new NodeDataFormatException(first + 1, "expected ipvsadm --save output ('-A -t ADDRESS:PORT ...'), found '"
                    + shorten(head) + "'");
        }
        if (expected == Format.LIST && save) {
            throw new NodeDataFormatException(first + 1, "this is ipvsadm --save output, not ipvsadm -Ln output");
        }
        return save ? new SaveReader(lines).read() : new ListReader(source).read();
    }

    /** {@code ipvsadm -Ln} and {@code /proc/net/ip_vs}. */
    private static final class ListReader {
        private final List<String> lines;
        private final List<Builder> services;
        private String version;
        private List<String> serviceColumns = DEFAULT_SERVICE_COLUMNS;
        private List<String> serverColumns = DEFAULT_SERVER_COLUMNS;
        private boolean statistics;
        private Boolean hex; // decided by the first virtual service

        private final Source source;

        ListReader(Source source) {
            this.lines = source.lines();
            this.source = source;
            this.services = new ArrayList<>(Math.max(10, lines.size() / 3)); // kube-proxy: 1 or 2 servers each
        }

        IpvsTable read() throws NodeDataFormatException {
            LineWords lw = new LineWords(source.bytes());
            int[] starts = source.starts();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int number = i + 1;
                if (Boolean.FALSE.equals(hex)) {
                    // the two lines of a kube-proxy dump, read in one pass over their bytes
                    int from = starts[i];
                    int to = from + line.length();
                    if (!services.isEmpty() && serverColumns == DEFAULT_SERVER_COLUMNS
                            && lw.realServerLine(line, from, to)) {
                        services.get(services.size() - 1).add(new RealServer(number, line, lw.address, lw.port,
                                lw.forward, (int) lw.weight, lw.active, lw.inactive, Map.of()));
                        continue;
                    }
                    if (!statistics && lw.serviceLine(line, from, to)) {
                        services.add(new Builder(number, line, lw.protocol, lw.address, lw.port, -1, lw.scheduler, -1,
                                null, List.of(), Map.of()));
                        continue;
                    }
                }
                int n = lw.split(line, starts[i], starts[i] + line.length());
                if (n == 0) {
                    continue;
                }
                // the lines of an ordinary dump take a path that makes no word strings; anything
                // else (and anything wrong) goes the general way, which reports the error
                if (n > 0 && lw.is(0, "->") ? n == 6 && !lw.is(1, "RemoteAddress:Port") && fastRealServer(lw, n, line, number)
                        : fastService(lw, n, line, number)) {
                    continue;
                }
                String[] w = words(line);
                if (w.length == 0) {
                    continue;
                }
                switch (w[0]) {
                    case "IP" -> {
                        // IP Virtual Server version 1.2.1 (size=4096)
                        if (w.length < 5 || !w[1].equals("Virtual") || !w[3].equals("version")) {
                            throw unexpected(number, line);
                        }
                        version = w[4];
                    }
                    case "Prot" -> {
                        int at = indexOf(w, "LocalAddress:Port");
                        if (at < 0) {
                            throw unexpected(number, line);
                        }
                        serviceColumns = List.of(w).subList(at + 1, w.length);
                        statistics = !serviceColumns.contains("Scheduler");
                    }
                    case "->" -> {
                        if (w.length >= 2 && w[1].equals("RemoteAddress:Port")) {
                            serverColumns = List.of(w).subList(2, w.length);
                            if (serverColumns.equals(DEFAULT_SERVER_COLUMNS)) {
                                serverColumns = DEFAULT_SERVER_COLUMNS;
                            }
                            if (serverColumns.isEmpty()) {
                                serverColumns = serviceColumns; // --stats and --rate: same columns
                            }
                            continue;
                        }
                        realServer(w, line, number);
                    }
                    case "TCP", "UDP", "SCTP", "FWM" -> service(w, line, number);
                    default -> throw unexpected(number, line);
                }
            }
            boolean proc = Boolean.TRUE.equals(hex);
            return new IpvsTable(proc ? Format.PROC : Format.LIST, version, build(services), lines);
        }

        /** {@code TCP 10.96.0.1:443 rr}; false to leave the line to {@link #service}. */
        private boolean fastService(LineWords lw, int n, String line, int number) {
            if (n != 3 || statistics || !Boolean.FALSE.equals(hex)) {
                return false;
            }
            IpvsProtocol protocol;
            if (lw.is(0, "TCP")) {
                protocol = IpvsProtocol.TCP;
            } else if (lw.is(0, "UDP")) {
                protocol = IpvsProtocol.UDP;
            } else if (lw.is(0, "SCTP")) {
                protocol = IpvsProtocol.SCTP;
            } else {
                return false;
            }
            String address = lw.address(1);
            if (address == null) {
                return false;
            }
            String scheduler = lw.cachedWord(2);
            services.add(new Builder(number, line, protocol, address, lw.port, -1, scheduler, -1, null, List.of(),
                    Map.of()));
            return true;
        }

        /** {@code -> 10.244.1.5:8080 Masq 1 0 0}; false to leave the line to {@link #realServer}. */
        private boolean fastRealServer(LineWords lw, int n, String line, int number) {
            if (n != 6 || services.isEmpty() || !Boolean.FALSE.equals(hex) || serverColumns != DEFAULT_SERVER_COLUMNS) {
                return false;
            }
            String address = lw.address(1);
            if (address == null) {
                return false;
            }
            int port = lw.port;
            ForwardMethod forward = lw.forward(2);
            long weight = lw.number(3);
            long active = lw.number(4);
            long inactive = lw.number(5);
            if (forward == null || weight < 0 || active < 0 || inactive < 0) {
                return false;
            }
            services.get(services.size() - 1).add(new RealServer(number, line, address, port, forward, (int) weight,
                    active, inactive, Map.of()));
            return true;
        }

        private void service(String[] w, String line, int number) throws NodeDataFormatException {
            if (w.length < 2) {
                throw new NodeDataFormatException(number, "expected an address after " + w[0]);
            }
            IpvsProtocol protocol = IpvsProtocol.valueOf(w[0]);
            String address = null;
            int port = 0;
            long mark = -1;
            if (hex == null) {
                hex = protocol == IpvsProtocol.FWM ? w[1].length() == 8 && isHex(w[1]) : looksHex(w[1]);
            }
            if (protocol == IpvsProtocol.FWM) {
                mark = hex ? parseHex(w[1], number) : parseNumber(w[1], number, "firewall mark");
            } else {
                String[] hp = hex ? hexHostPort(w[1], number) : hostPort(w[1], number);
                address = hp[0];
                port = Integer.parseInt(hp[1]);
            }
            String scheduler = null;
            int persistence = -1;
            String netmask = null;
            List<String> flags = new ArrayList<>();
            Map<String, String> columns = Map.of();
            if (statistics) {
                columns = columns(serviceColumns, w, 2, number);
            } else {
                if (w.length > 2) {
                    scheduler = w[2];
                }
                for (int k = 3; k < w.length; k++) {
                    if (w[k].equals("persistent") && k + 1 < w.length) {
                        persistence = (int) parseNumber(w[++k], number, "persistence timeout");
                        if (hex && k + 1 < w.length && isHex(w[k + 1]) && w[k + 1].length() == 8) {
                            netmask = w[++k]; // /proc/net/ip_vs: "persistent 360 FFFFFFFF"
                        }
                    } else if (w[k].equals("mask") && k + 1 < w.length) {
                        netmask = w[++k];
                    } else {
                        flags.add(w[k]);
                    }
                }
            }
            services.add(new Builder(number, line, protocol, address, port, mark, scheduler, persistence, netmask,
                    List.copyOf(flags), columns));
        }

        private void realServer(String[] w, String line, int number) throws NodeDataFormatException {
            if (services.isEmpty()) {
                throw new NodeDataFormatException(number, "real server before any virtual service line");
            }
            if (w.length < 2) {
                throw new NodeDataFormatException(number, "expected ADDRESS:PORT after '->'");
            }
            String[] hp = Boolean.TRUE.equals(hex) ? hexHostPort(w[1], number) : hostPort(w[1], number);
            Map<String, String> all = columns(serverColumns, w, 2, number);
            // the usual four columns are fields of the record; the map keeps only the others
            Map<String, String> columns = serverColumns == DEFAULT_SERVER_COLUMNS ? Map.of() : all;
            ForwardMethod forward = all.containsKey("Forward") ? ForwardMethod.fromColumn(all.get("Forward"))
                    : ForwardMethod.UNKNOWN;
            if (all.containsKey("Forward") && forward == ForwardMethod.UNKNOWN) {
                throw new NodeDataFormatException(number, "unknown forwarding method '" + shorten(all.get("Forward"))
                        + "' (expected Masq, Route, Tunnel, Local or Bypass)");
            }
            int weight = all.containsKey("Weight") ? (int) parseNumber(all.get("Weight"), number, "weight") : -1;
            long active = all.containsKey("ActiveConn") ? parseNumber(all.get("ActiveConn"), number, "ActiveConn") : -1;
            long inactive = all.containsKey("InActConn") ? parseNumber(all.get("InActConn"), number, "InActConn") : -1;
            services.get(services.size() - 1).add(new RealServer(number, line, hp[0],
                    Integer.parseInt(hp[1]), forward, weight, active, inactive, columns));
        }

        private static Map<String, String> columns(List<String> names, String[] w, int from, int number)
                throws NodeDataFormatException {
            int values = w.length - from;
            if (values > names.size() || names != DEFAULT_SERVICE_COLUMNS && values < names.size()) {
                throw new NodeDataFormatException(number, "expected " + names.size() + " columns (" + String.join(" ", names)
                        + ") after the address, found " + values);
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (int k = 0; k < values; k++) {
                map.put(names.get(k), w[from + k]);
            }
            return Collections.unmodifiableMap(map);
        }

        private static boolean looksHex(String hostPort) {
            // /proc/net/ip_vs: 0AE90001:01BB or [fd00::1]:01BB (port always 4 hex digits)
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                return false;
            }
            String host = hostPort.substring(0, colon);
            String port = hostPort.substring(colon + 1);
            if (host.startsWith("[")) {
                return port.length() == 4 && isHex(port) && (port.charAt(0) == '0' || !port.chars().allMatch(Character::isDigit));
            }
            return host.length() == 8 && isHex(host) && port.length() == 4 && isHex(port);
        }

        private static String[] hexHostPort(String text, int number) throws NodeDataFormatException {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new NodeDataFormatException(number, "expected HEXADDRESS:HEXPORT, found '" + shorten(text) + "'");
            }
            String host = text.substring(0, colon);
            String port = String.valueOf(parseHex(text.substring(colon + 1), number));
            if (host.startsWith("[") && host.endsWith("]")) {
                return new String[] {checkedAddress(host.substring(1, host.length() - 1), number), port};
            }
            if (host.length() != 8) {
                throw new NodeDataFormatException(number, "expected an 8-digit hexadecimal address, found '" + shorten(host) + "'");
            }
            long a = parseHex(host, number);
            return new String[] {(a >> 24 & 0xFF) + "." + (a >> 16 & 0xFF) + "." + (a >> 8 & 0xFF) + "." + (a & 0xFF), port};
        }

        private NodeDataFormatException unexpected(int number, String line) {
            return new NodeDataFormatException(number, "expected a virtual service line (TCP|UDP|SCTP ADDRESS:PORT "
                    + "SCHEDULER, or FWM MARK SCHEDULER) or a real server line ('-> ADDRESS:PORT ...'), found '"
                    + shorten(line.strip()) + "'");
        }
    }

    /** {@code ipvsadm --save -n}. */
    private static final class SaveReader {
        private final List<String> lines;
        private final List<Builder> services = new ArrayList<>();
        private final Map<String, Builder> byKey = new HashMap<>();

        SaveReader(List<String> lines) {
            this.lines = lines;
        }

        IpvsTable read() throws NodeDataFormatException {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int number = i + 1;
                String[] w = words(line);
                if (w.length == 0) {
                    continue;
                }
                switch (w[0]) {
                    case "-A", "--add-service" -> addService(w, line, number);
                    case "-a", "--add-server" -> addServer(w, line, number);
                    default -> throw new NodeDataFormatException(number,
                            "expected '-A' (virtual service) or '-a' (real server), found '" + shorten(line.strip()) + "'");
                }
            }
            return new IpvsTable(Format.SAVE, null, build(services), lines);
        }

        /** Reads the service spec at w[k]; returns {protocol, address, port, mark}. */
        private static Object[] serviceSpec(String[] w, int k, int number) throws NodeDataFormatException {
            if (k + 1 >= w.length) {
                throw new NodeDataFormatException(number, w[k] + " needs a value");
            }
            IpvsProtocol protocol = switch (w[k]) {
                case "-t", "--tcp-service" -> IpvsProtocol.TCP;
                case "-u", "--udp-service" -> IpvsProtocol.UDP;
                case "--sctp-service" -> IpvsProtocol.SCTP;
                case "-f", "--fwmark-service" -> IpvsProtocol.FWM;
                default -> null;
            };
            if (protocol == null) {
                return null;
            }
            if (protocol == IpvsProtocol.FWM) {
                return new Object[] {protocol, null, 0, parseNumber(w[k + 1], number, "firewall mark")};
            }
            String[] hp = hostPort(w[k + 1], number);
            return new Object[] {protocol, hp[0], Integer.parseInt(hp[1]), -1L};
        }

        private static String key(Object[] spec) {
            return spec[0] == IpvsProtocol.FWM ? "FWM " + spec[3]
                    : spec[0] + " " + VirtualService.hostPort((String) spec[1], (Integer) spec[2]);
        }

        private void addService(String[] w, String line, int number) throws NodeDataFormatException {
            Object[] spec = null;
            String scheduler = null;
            int persistence = -1;
            String netmask = null;
            List<String> flags = new ArrayList<>();
            for (int k = 1; k < w.length; k++) {
                Object[] s = serviceSpec(w, k, number);
                if (s != null) {
                    spec = s;
                    k++;
                    continue;
                }
                switch (w[k]) {
                    case "-s", "--scheduler" -> scheduler = value(w, k++, number);
                    case "-p", "--persistent" -> {
                        persistence = 300; // ipvsadm's default when -p has no value
                        if (k + 1 < w.length && !w[k + 1].startsWith("-")) {
                            persistence = (int) parseNumber(w[++k], number, "persistence timeout");
                        }
                    }
                    case "-M", "--netmask" -> netmask = value(w, k++, number);
                    case "-o", "--ops" -> flags.add("ops");
                    default -> {
                        flags.add(w[k]);
                        if (k + 1 < w.length && !w[k + 1].startsWith("-")) {
                            flags.add(w[++k]);
                        }
                    }
                }
            }
            if (spec == null) {
                throw new NodeDataFormatException(number, "-A without a service (-t, -u, --sctp-service or -f)");
            }
            String key = key(spec);
            if (byKey.containsKey(key)) {
                throw new NodeDataFormatException(number, "virtual service " + key + " added twice (first at line "
                        + byKey.get(key).line + ")");
            }
            Builder b = new Builder(number, line, (IpvsProtocol) spec[0], (String) spec[1], (Integer) spec[2],
                    (Long) spec[3], scheduler, persistence, netmask, List.copyOf(flags), Map.of());
            services.add(b);
            byKey.put(key, b);
        }

        private void addServer(String[] w, String line, int number) throws NodeDataFormatException {
            Object[] spec = null;
            String[] real = null;
            ForwardMethod forward = ForwardMethod.ROUTE; // ipvsadm's default is direct routing
            int weight = 1;
            Map<String, String> columns = new LinkedHashMap<>();
            for (int k = 1; k < w.length; k++) {
                Object[] s = serviceSpec(w, k, number);
                if (s != null) {
                    spec = s;
                    k++;
                    continue;
                }
                switch (w[k]) {
                    case "-r", "--real-server" -> real = hostPortOrAddress(value(w, k++, number), number);
                    case "-m", "--masquerading" -> forward = ForwardMethod.MASQ;
                    case "-g", "--gatewaying" -> forward = ForwardMethod.ROUTE;
                    case "-i", "--ipip" -> forward = ForwardMethod.TUNNEL;
                    case "-w", "--weight" -> weight = (int) parseNumber(value(w, k++, number), number, "weight");
                    default -> {
                        String name = w[k];
                        String v = k + 1 < w.length && !w[k + 1].startsWith("-") ? w[++k] : "";
                        columns.put(name, v);
                    }
                }
            }
            if (spec == null) {
                throw new NodeDataFormatException(number, "-a without a service (-t, -u, --sctp-service or -f)");
            }
            if (real == null) {
                throw new NodeDataFormatException(number, "-a without a real server (-r ADDRESS:PORT)");
            }
            Builder b = byKey.get(key(spec));
            if (b == null) {
                throw new NodeDataFormatException(number, "real server for " + key(spec)
                        + ", which no '-A' line before it adds");
            }
            b.add(new RealServer(number, line, real[0], Integer.parseInt(real[1]), forward, weight, -1, -1,
                    Collections.unmodifiableMap(columns)));
        }

        private static String[] hostPortOrAddress(String text, int number) throws NodeDataFormatException {
            boolean hasPort = text.startsWith("[") ? text.contains("]:") : text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':');
            if (hasPort) {
                return hostPort(text, number);
            }
            String a = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            return new String[] {checkedAddress(a, number), "0"};
        }

        private static String value(String[] w, int k, int number) throws NodeDataFormatException {
            if (k + 1 >= w.length) {
                throw new NodeDataFormatException(number, w[k] + " needs a value");
            }
            return w[k + 1];
        }
    }

    private static final RealServer[] NO_SERVERS = new RealServer[0];

    /**
     * The blank-separated words of one line as spans, for the lines of an ordinary dump: reads
     * addresses, numbers and names from the spans, sharing repeated strings through small caches.
     * Each reader returns null or -1 when the word is not in the plain form it knows; the caller
     * then leaves the line to the general code.
     */
    private static final class LineWords {
        private static final int MAX_WORDS = 8;
        private static final int CACHE_BITS = 12;
        private static final int CACHE_SIZE = 1 << CACHE_BITS;
        private static final int MAX_CACHED_LENGTH = 40;

        private final byte[] b;
        private String line;
        private int offset; // of the line in the bytes
        private final int[] starts = new int[MAX_WORDS];
        private final int[] ends = new int[MAX_WORDS];
        private final String[] addresses = new String[CACHE_SIZE];
        private final String[] words = new String[CACHE_SIZE];
        // what the cached strings are: a slot that holds another string is told without reading
        // that string (the strings lie all over the heap; these keys in one small array)
        private final long[] addressKeys = new long[CACHE_SIZE];
        private final int[] wordHashes = new int[CACHE_SIZE];
        /** The port read by the last {@link #address} call. */
        int port;

        LineWords(byte[] bytes) {
            b = bytes;
        }

        /**
         * Splits the line (bytes from to to) as {@link IpvsadmParser#words} does; returns the number
         * of words (counted past MAX_WORDS), or -1 for a line with a '?' (perhaps a character past
         * U+00FF, some of which are blanks) for the general code. Spans are relative to the line.
         */
        int split(String text, int from, int to) {
            line = text;
            offset = from;
            byte[] b = this.b;
            int n = 0;
            int i = from;
            while (true) {
                int c = 0;
                while (i < to && ((c = b[i]) == ' ' || c < ' ' && c >= 0 && Character.isWhitespace(c))) {
                    i++;
                }
                if (i >= to) {
                    return n;
                }
                int start = i;
                while (i < to && ((c = b[i]) > ' ' || c < 0 || c != ' ' && !Character.isWhitespace(c))) {
                    if (c == '?') {
                        return -1;
                    }
                    i++;
                }
                if (n < MAX_WORDS) {
                    starts[n] = start - from;
                    ends[n] = i - from;
                }
                n++;
            }
        }

        boolean is(int w, String literal) {
            int start = offset + starts[w];
            int len = offset + ends[w] - start;
            if (len != literal.length()) {
                return false;
            }
            byte[] b = this.b;
            for (int k = 0; k < len; k++) {
                if (b[start + k] != literal.charAt(k)) { // literals are ASCII; '?' sent the line elsewhere
                    return false;
                }
            }
            return true;
        }

        /**
         * A plain {@code A.B.C.D:PORT} word (parts without leading zeros, one to five digits in the
         * port): the address, which Cidr.parseAddress accepts, or null. Such an address is told by
         * its 32-bit value, so the string is shared with earlier equal addresses without reading it.
         */
        String address(int w) {
            byte[] b = this.b;
            int from = offset + starts[w];
            int end = offset + ends[w];
            int k = from;
            int ip = 0;
            for (int part = 0; part < 4; part++) {
                if (part > 0) {
                    if (k >= end || b[k] != '.') {
                        return null;
                    }
                    k++;
                }
                int first = k;
                int v = 0;
                int c;
                while (k < end && (c = b[k] - '0') >= 0 && c <= 9) {
                    v = v * 10 + c;
                    k++;
                }
                int digits = k - first;
                if (digits == 0 || digits > 3 || v > 255 || digits > 1 && b[first] == '0') {
                    return null;
                }
                ip = ip << 8 | v;
            }
            int colon = k;
            if (k >= end || b[k] != ':' || end - colon - 1 < 1 || end - colon - 1 > 5) {
                return null;
            }
            int p = 0;
            for (k = colon + 1; k < end; k++) {
                int c = b[k] - '0';
                if (c < 0 || c > 9) {
                    return null;
                }
                p = p * 10 + c;
            }
            if (p > 65535) {
                return null;
            }
            port = p;
            long key = 1L << 32 | ip & 0xFFFFFFFFL;
            int slot = (ip * 0x9E3779B9) >>> (32 - CACHE_BITS);
            if (addressKeys[slot] == key) {
                return addresses[slot];
            }
            String a = line.substring(from - offset, colon - offset);
            addresses[slot] = a;
            addressKeys[slot] = key;
            return a;
        }

        /** Whether the string is the ASCII bytes from start (a short string: no call into the JDK). */
        private boolean sameBytes(String s, int start, int len) {
            if (s.length() != len) {
                return false;
            }
            byte[] b = this.b;
            for (int k = 0; k < len; k++) {
                if (b[start + k] != s.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        /** The word as a string, shared with earlier equal words. */
        String cachedWord(int w) {
            int start = starts[w];
            int end = ends[w];
            int len = end - start;
            if (len > MAX_CACHED_LENGTH) {
                return line.substring(start, end);
            }
            int h = len;
            for (int k = start; k < end; k++) {
                h = 31 * h + b[offset + k];
            }
            int slot = (h * 0x9E3779B9) >>> (32 - CACHE_BITS);
            String cached = words[slot];
            if (wordHashes[slot] == h && cached != null && sameBytes(cached, offset + start, len)) {
                return cached;
            }
            String s = line.substring(start, end);
            words[slot] = s;
            wordHashes[slot] = h;
            return s;
        }

        // what realServerLine and serviceLine read
        String address;
        ForwardMethod forward;
        long weight;
        long active;
        long inactive;
        IpvsProtocol protocol;
        String scheduler;
        private int pos;
        private int limit;

        /**
         * {@code -> A.B.C.D:PORT FORWARD WEIGHT ACTIVECONN INACTCONN}, the bytes from to to, in the
         * plain form that {@link ListReader#fastRealServer} accepts; false for anything else.
         */
        boolean realServerLine(String text, int from, int to) {
            line = text;
            offset = from;
            pos = from;
            limit = to;
            skipBlanks();
            if (pos + 2 > to || b[pos] != '-' || b[pos + 1] != '>') {
                return false;
            }
            pos += 2;
            if (!skipBlanks() || (address = scanAddress()) == null || !skipBlanks()
                    || (forward = scanForward()) == null || !skipBlanks()
                    || (weight = scanNumber()) < 0 || !skipBlanks()
                    || (active = scanNumber()) < 0 || !skipBlanks()
                    || (inactive = scanNumber()) < 0) {
                return false;
            }
            skipBlanks();
            return pos == to;
        }

        /**
         * {@code TCP|UDP|SCTP A.B.C.D:PORT SCHEDULER}, the bytes from to to, in the plain form that
         * {@link ListReader#fastService} accepts; false for anything else.
         */
        boolean serviceLine(String text, int from, int to) {
            line = text;
            offset = from;
            pos = from;
            limit = to;
            skipBlanks();
            if ((protocol = scanProtocol()) == null || !skipBlanks() || (address = scanAddress()) == null
                    || !skipBlanks()) {
                return false;
            }
            int start = pos;
            byte[] b = this.b;
            int c;
            while (pos < to && (c = b[pos]) > ' ' && c < 0x7F && c != '?') {
                pos++;
            }
            int end = pos;
            skipBlanks();
            if (pos != to) {
                return false;
            }
            starts[0] = start - from;
            ends[0] = end - from;
            scheduler = cachedWord(0);
            return true;
        }

        /** Skips blanks and tabs; false when there was none. */
        private boolean skipBlanks() {
            byte[] b = this.b;
            int i = pos;
            int c;
            while (i < limit && ((c = b[i]) == ' ' || c == '\t')) {
                i++;
            }
            boolean moved = i > pos;
            pos = i;
            return moved;
        }

        /** One to 18 digits, as {@link #number} reads them, or -1. */
        private long scanNumber() {
            byte[] b = this.b;
            int start = pos;
            int i = start;
            long v = 0;
            int c;
            while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
                v = v * 10 + c;
                i++;
            }
            pos = i;
            return i == start || i - start > 18 ? -1 : v;
        }

        private IpvsProtocol scanProtocol() {
            byte[] b = this.b;
            int i = pos;
            if (i + 3 > limit) {
                return null;
            }
            IpvsProtocol p = null;
            if (b[i] == 'T' && b[i + 1] == 'C' && b[i + 2] == 'P') {
                p = IpvsProtocol.TCP;
            } else if (b[i] == 'U' && b[i + 1] == 'D' && b[i + 2] == 'P') {
                p = IpvsProtocol.UDP;
            } else if (b[i] == 'S' && b[i + 1] == 'C' && b[i + 2] == 'T' && i + 4 <= limit && b[i + 3] == 'P') {
                pos = i + 4;
                return IpvsProtocol.SCTP;
            }
            pos = i + 3;
            return p;
        }

        private ForwardMethod scanForward() {
            ForwardMethod f = switch (pos < limit ? b[pos] : 0) {
                case 'M' -> scanWord("Masq") ? ForwardMethod.MASQ : null;
                case 'R' -> scanWord("Route") ? ForwardMethod.ROUTE : null;
                case 'T' -> scanWord("Tunnel") ? ForwardMethod.TUNNEL : null;
                case 'L' -> scanWord("Local") ? ForwardMethod.LOCAL : null;
                case 'B' -> scanWord("Bypass") ? ForwardMethod.BYPASS : null;
                default -> null;
            };
            return f;
        }

        private boolean scanWord(String literal) {
            int len = literal.length();
            if (pos + len > limit) {
                return false;
            }
            byte[] b = this.b;
            for (int k = 0; k < len; k++) {
                if (b[pos + k] != literal.charAt(k)) {
                    return false;
                }
            }
            pos += len;
            return true;
        }

        /** {@link #address(int)} of the word at the position, which it moves past the word. */
        private String scanAddress() {
            int start = pos;
            int end = start;
            byte[] b = this.b;
            int c;
            while (end < limit && (c = b[end]) > ' ' && c < 0x7F) {
                end++;
            }
            pos = end;
            starts[1] = start - offset;
            ends[1] = end - offset;
            return address(1);
        }

        /** {@link ForwardMethod#fromColumn} without the string, or null when unknown. */
        ForwardMethod forward(int w) {
            if (is(w, "Masq")) {
                return ForwardMethod.MASQ;
            } else if (is(w, "Route")) {
                return ForwardMethod.ROUTE;
            } else if (is(w, "Tunnel")) {
                return ForwardMethod.TUNNEL;
            } else if (is(w, "Local")) {
                return ForwardMethod.LOCAL;
            } else if (is(w, "Bypass")) {
                return ForwardMethod.BYPASS;
            }
            return null;
        }

        /** A number as {@link IpvsadmParser#parseNumber} reads it, or -1. */
        long number(int w) {
            int start = starts[w];
            int end = ends[w];
            if (end == start || end - start > 18) {
                return -1;
            }
            long v = 0;
            for (int k = start; k < end; k++) {
                int c = b[offset + k];
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }
    }

    /** A virtual service being filled. */
    private static final class Builder {
        final int line;
        final String raw;
        final IpvsProtocol protocol;
        final String address;
        final int port;
        final long mark;
        final String scheduler;
        final int persistence;
        final String netmask;
        final List<String> flags;
        final Map<String, String> columns;
        private RealServer[] servers = NO_SERVERS;
        private int serverCount;

        Builder(int line, String raw, IpvsProtocol protocol, String address, int port, long mark, String scheduler,
                int persistence, String netmask, List<String> flags, Map<String, String> columns) {
            this.line = line;
            this.raw = raw;
            this.protocol = protocol;
            this.address = address;
            this.port = port;
            this.mark = mark;
            this.scheduler = scheduler;
            this.persistence = persistence;
            this.netmask = netmask;
            this.flags = flags;
            this.columns = columns;
        }

        void add(RealServer server) {
            if (serverCount == servers.length) {
                servers = Arrays.copyOf(servers, Math.max(2, serverCount * 2));
            }
            servers[serverCount++] = server;
        }

        VirtualService build() {
            RealServer[] s = servers;
            List<RealServer> list = switch (serverCount) {
                case 0 -> List.of();
                case 1 -> List.of(s[0]);
                case 2 -> List.of(s[0], s[1]);
                default -> List.of(serverCount == s.length ? s : Arrays.copyOf(s, serverCount));
            };
            return new VirtualService(line, raw, protocol, address, port, mark, scheduler, persistence, netmask, flags,
                    columns, list);
        }
    }

    private static List<VirtualService> build(List<Builder> builders) {
        List<VirtualService> out = new ArrayList<>(builders.size());
        for (Builder b : builders) {
            out.add(b.build());
        }
        return Collections.unmodifiableList(out);
    }

    /** Splits {@code 10.0.0.1:443} or {@code [fd00::1]:443} into a checked address and a port. */
    static String[] hostPort(String text, int number) throws NodeDataFormatException {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new NodeDataFormatException(number, "expected [IPV6-ADDRESS]:PORT, found '" + shorten(text) + "'");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new NodeDataFormatException(number, "expected ADDRESS:PORT (IPv6 in brackets), found '"
                        + shorten(text) + "'");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        long p = parseNumber(port, number, "port (collect with -n so ports stay numeric)");
        if (p > 65535) {
            throw new NodeDataFormatException(number, "port " + p + " is out of range");
        }
        return new String[] {checkedAddress(host, number), String.valueOf(p)};
    }

    private static String checkedAddress(String host, int number) throws NodeDataFormatException {
        if (Cidr.parseAddress(host) == null) {
            throw new NodeDataFormatException(number, "'" + shorten(host)
                    + "' is not an IP address (collect with -n so addresses stay numeric)");
        }
        return host;
    }

    private static long parseNumber(String s, int number, String what) throws NodeDataFormatException {
        if (s.isEmpty() || s.length() > 18) {
            throw new NodeDataFormatException(number, "expected a number for the " + what + ", found '" + shorten(s) + "'");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NodeDataFormatException(number, "expected a number for the " + what + ", found '"
                        + shorten(s) + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static long parseHex(String s, int number) throws NodeDataFormatException {
        if (s.isEmpty() || s.length() > 8 || !isHex(s)) {
            throw new NodeDataFormatException(number, "expected a hexadecimal number, found '" + shorten(s) + "'");
        }
        return Long.parseLong(s, 16);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static int indexOf(String[] words, String word) {
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals(word)) {
                return i;
            }
        }
        return -1;
    }

    private static final String[] NO_WORDS = new String[0];

    /** The blank-separated words of a line, without regular expressions (a dump can have 300k lines). */
    private static String[] words(String line) {
        int n = 0;
        int length = line.length();
        String[] out = null;
        for (int pass = 0; pass < 2; pass++) {
            n = 0;
            int i = 0;
            while (true) {
                while (i < length && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (i >= length) {
                    break;
                }
                int start = i;
                while (i < length && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (out != null) {
                    out[n] = line.substring(start, i);
                }
                n++;
            }
            if (n == 0) {
                return NO_WORDS;
            }
            if (out == null) {
                out = new String[n];
            }
        }
        return out;
    }

    /** The lines as {@link BufferedReader#readLine} gives them: ended by LF, CR or CRLF. */
    private static Source lines(String text) {
        Objects.requireNonNull(text, "text");
        return lines(text, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The lines of a text; bytes is the text in ISO-8859-1. */
    private static Source lines(String text, byte[] bytes) {
        int length = text.length();
        List<String> out = new ArrayList<>(Math.max(10, length / 40));
        int[] starts = new int[Math.max(10, length / 40)];
        boolean cr = text.indexOf('\r') >= 0;
        int i = 0;
        while (i < length) {
            int end;
            int next;
            if (!cr) {
                end = text.indexOf('\n', i);
                if (end < 0) {
                    end = length;
                }
                next = end + 1;
            } else {
                end = i;
                char c = 0;
                while (end < length && (c = text.charAt(end)) != '\n' && c != '\r') {
                    end++;
                }
                next = end + 1;
                if (end < length && c == '\r' && next < length && text.charAt(next) == '\n') {
                    next++;
                }
            }
            if (out.size() == starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
            }
            starts[out.size()] = i;
            out.add(text.substring(i, end));
            i = next;
        }
        return new Source(Collections.unmodifiableList(out), bytes, starts);
    }

    private static Source lines(Path file) throws IOException {
        // the same decoding as a reader of the file, which also refuses malformed UTF-8
        return lines(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static Source lines(Reader reader) throws IOException {
        // the same lines as BufferedReader.readLine gives
        StringWriter text = new StringWriter();
        reader.transferTo(text);
        return lines(text.toString());
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
