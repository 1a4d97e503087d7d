package io.kubetriage.core.node.netfilter.ipvs;

import java.io.IOException;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.netfilter.internal.DumpText;
import io.kubetriage.core.node.netfilter.internal.SourceLines;
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
        return parse(DumpText.of(text), null);
    }

    public IpvsTable parse(Path file) throws IOException, NodeDataFormatException {
        // the same decoding as a reader of the file, which also refuses malformed UTF-8; an ASCII
        // file is scanned as read, and a line becomes a string only when looked at
        return parse(DumpText.read(file), null);
    }

    /** Reads the table to its end; the reader is not closed. */
    public IpvsTable parse(Reader reader) throws IOException, NodeDataFormatException {
        return parse(DumpText.read(reader), null);
    }

    /** Reads {@code ipvsadm -Ln} output (or {@code /proc/net/ip_vs}); refuses the save format. */
    public IpvsTable parseList(String text) throws NodeDataFormatException {
        return parse(DumpText.of(text), Format.LIST);
    }

    /** Reads {@code ipvsadm --save -n} output; refuses the list format. */
    public IpvsTable parseSave(String text) throws NodeDataFormatException {
        return parse(DumpText.of(text), Format.SAVE);
    }

    private static IpvsTable parse(DumpText text, Format expected) throws NodeDataFormatException {
        // the scanning loops read one byte per character (past U+00FF a '?', which sends a line
        // to the general code); lines end as BufferedReader.readLine ends them: LF, CR or CRLF
        byte[] bytes = text.scanBytes();
        int length = bytes.length;
        int start = 0;
        int first = 0;
        String head = null;
        while (start < length) {
            int end = lineEnd(bytes, start);
            String line = text.substring(start, end);
            if (!line.isBlank()) {
                head = line.strip();
                break;
            }
            first++;
            start = nextLine(bytes, end);
        }
        if (head == null) {
            return new IpvsTable(Format.EMPTY, null, List.of(), lines(text, bytes));
        }
        boolean save = head.startsWith("-A") || head.startsWith("-a") || head.startsWith("--add-service");
        if (expected == Format.SAVE && !save) {
            throw new NodeDataFormatException(first + 1, "expected ipvsadm --save output ('-A -t ADDRESS:PORT ...'), found '"
                    + shorten(head) + "'");
        }
        if (expected == Format.LIST && save) {
            throw new NodeDataFormatException(first + 1, "this is ipvsadm --save output, not ipvsadm -Ln output");
        }
        return save ? new SaveReader(text, lines(text, bytes)).read() : new ListReader(text, bytes).read();
    }

    /** {@code ipvsadm -Ln} and {@code /proc/net/ip_vs}. */
    private static final class ListReader {
        private final DumpText text;
        private final byte[] bytes;
        private final LineWords lw;
        private final ServiceList services;
        /** The last virtual service, which takes the real servers that follow it. */
        private final Builder open = new Builder();
        private boolean isOpen;
        private String version;
        private List<String> serviceColumns = DEFAULT_SERVICE_COLUMNS;
        private List<String> serverColumns = DEFAULT_SERVER_COLUMNS;
        private boolean statistics;
        private Boolean hex; // decided by the first virtual service
        private int[] lineStarts;
        private int[] lineEnds;
        private int lineCount;

        ListReader(DumpText text, byte[] bytes) {
            this.text = text;
            this.bytes = bytes;
            this.lw = new LineWords(text, bytes);
            int lines = Math.max(16, bytes.length / 40);
            this.services = new ServiceList(lines / 3); // kube-proxy: 1 or 2 servers each
            this.lineStarts = new int[lines];
            this.lineEnds = new int[lines];
        }

        IpvsTable read() throws NodeDataFormatException {
            byte[] b = bytes;
            int length = b.length;
            LineWords lw = this.lw;
            int start = 0;
            int number = 0;
            while (start < length) {
                number++;
                int end = -1;
                if (Boolean.FALSE.equals(hex)) {
                    // the two lines of a kube-proxy dump, each read in one pass over its bytes
                    boolean server = b[start] == ' ';
                    if (server && isOpen && serverColumns == DEFAULT_SERVER_COLUMNS
                            && (end = lw.realServerLine(start)) >= 0) {
                        open.add(new RealServer(number, text, start, end, lw.address, lw.port, lw.forward,
                                (int) lw.weight, lw.active, lw.inactive, Map.of()));
                    } else if (!server && !statistics && (end = lw.serviceLine(start)) >= 0) {
                        open(number, start, end, lw.protocol, lw.address, lw.port, -1, lw.scheduler, -1, null,
                                List.of(), Map.of());
                    }
                }
                if (end < 0) {
                    end = lineEnd(b, start);
                    line(start, end, number);
                }
                if (lineCount == lineStarts.length) {
                    lineStarts = Arrays.copyOf(lineStarts, lineCount * 2);
                    lineEnds = Arrays.copyOf(lineEnds, lineCount * 2);
                }
                lineStarts[lineCount] = start;
                lineEnds[lineCount++] = end;
                start = nextLine(b, end);
            }
            if (isOpen) {
                services.append(open.build());
            }
            boolean proc = Boolean.TRUE.equals(hex);
            return new IpvsTable(proc ? Format.PROC : Format.LIST, version, services,
                    new SourceLines(text, lineStarts, lineEnds, lineCount));
        }

        /** Starts a virtual service; the one before it has all its real servers. */
        private void open(int number, int start, int end, IpvsProtocol protocol, String address, int port, long mark,
                String scheduler, int persistence, String netmask, List<String> flags, Map<String, String> columns) {
            if (isOpen) {
                services.append(open.build());
            }
            open.set(number, text, start, end, protocol, address, port, mark, scheduler, persistence, netmask, flags,
                    columns);
            isOpen = true;
        }

        /** Any line, from start to end in the text: headers, other formats, and errors. */
        private void line(int start, int end, int number) throws NodeDataFormatException {
            String line = text.substring(start, end);
            int n = lw.split(start, end);
            if (n == 0) {
                return;
            }
            // the lines of an ordinary dump take a path that makes no word strings; anything
            // else (and anything wrong) goes the general way, which reports the error
            if (n > 0 && lw.is(0, "->") ? n == 6 && !lw.is(1, "RemoteAddress:Port") && fastRealServer(lw, n, start, end, number)
                    : fastService(lw, n, start, end, number)) {
                return;
            }
            String[] w = words(line);
            if (w.length == 0) {
                return;
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
                        return;
                    }
                    realServer(w, start, end, number);
                }
                case "TCP", "UDP", "SCTP", "FWM" -> service(w, start, end, number);
                default -> throw unexpected(number, line);
            }
        }

        /** {@code TCP 10.96.0.1:443 rr}; false to leave the line to {@link #service}. */
        private boolean fastService(LineWords lw, int n, int start, int end, int number) {
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
            open(number, start, end, protocol, address, lw.port, -1, scheduler, -1, null, List.of(), Map.of());
            return true;
        }

        /** {@code -> 10.244.1.5:8080 Masq 1 0 0}; false to leave the line to {@link #realServer}. */
        private boolean fastRealServer(LineWords lw, int n, int start, int end, int number) {
            if (n != 6 || !isOpen || !Boolean.FALSE.equals(hex) || serverColumns != DEFAULT_SERVER_COLUMNS) {
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
            open.add(new RealServer(number, text, start, end, address, port, forward, (int) weight, active, inactive,
                    Map.of()));
            return true;
        }

        private void service(String[] w, int start, int end, int number) throws NodeDataFormatException {
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
            open(number, start, end, protocol, address, port, mark, scheduler, persistence, netmask, List.copyOf(flags),
                    columns);
        }

        private void realServer(String[] w, int start, int end, int number) throws NodeDataFormatException {
            if (!isOpen) {
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
            open.add(new RealServer(number, text, start, end, hp[0], Integer.parseInt(hp[1]), forward, weight, active,
                    inactive, columns));
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
        private final DumpText text;
        private final SourceLines lines;
        private final List<Builder> services = new ArrayList<>();
        private final Map<String, Builder> byKey = new HashMap<>();

        SaveReader(DumpText text, SourceLines lines) {
            this.text = text;
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
                int start = lines.start(i);
                int end = start + line.length();
                switch (w[0]) {
                    case "-A", "--add-service" -> addService(w, start, end, number);
                    case "-a", "--add-server" -> addServer(w, start, end, number);
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

        private void addService(String[] w, int start, int end, int number) throws NodeDataFormatException {
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
            Builder b = new Builder(number, text, start, end, (IpvsProtocol) spec[0], (String) spec[1], (Integer) spec[2],
                    (Long) spec[3], scheduler, persistence, netmask, List.copyOf(flags), Map.of());
            services.add(b);
            byKey.put(key, b);
        }

        private void addServer(String[] w, int start, int end, int number) throws NodeDataFormatException {
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
            b.add(new RealServer(number, text, start, end, real[0], Integer.parseInt(real[1]), forward, weight, -1, -1,
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

        private final DumpText text;
        private final byte[] b;
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

        LineWords(DumpText text, byte[] bytes) {
            this.text = text;
            b = bytes;
        }

        /**
         * Splits the line (bytes from to to) as {@link IpvsadmParser#words} does; returns the number
         * of words (counted past MAX_WORDS), or -1 for a line with a '?' (perhaps a character past
         * U+00FF, some of which are blanks) for the general code. Spans are relative to the line.
         */
        int split(int from, int to) {
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
            return cachedAddress(ip, from, colon);
        }

        /** The address of that value, written from from to colon, shared with earlier equal ones. */
        private String cachedAddress(int ip, int from, int colon) {
            long key = 1L << 32 | ip & 0xFFFFFFFFL;
            int slot = (ip * 0x9E3779B9) >>> (32 - CACHE_BITS);
            if (addressKeys[slot] == key) {
                return addresses[slot];
            }
            String a = text.substring(from, colon);
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
                return text.substring(offset + start, offset + end);
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
            String s = text.substring(offset + start, offset + end);
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

        /**
         * {@code -> A.B.C.D:PORT FORWARD WEIGHT ACTIVECONN INACTCONN}, the line that starts at from,
         * in the plain form that {@link ListReader#fastRealServer} accepts, read in one pass with
         * local variables: where the line ends, or -1 for anything else.
         */
        int realServerLine(int from) {
            byte[] b = this.b;
            int n = b.length;
            int i = skipBlanks(b, from, n);
            if (i + 2 > n || b[i] != '-' || b[i + 1] != '>') {
                return -1;
            }
            int j = skipBlanks(b, i + 2, n);
            if (j == i + 2 || (i = ipv4Port(b, j, n)) < 0 || (j = skipBlanks(b, i, n)) == i) {
                return -1;
            }
            ForwardMethod f = switch (j < n ? b[j] : 0) {
                case 'M' -> isAt(b, j, n, "Masq") ? ForwardMethod.MASQ : null;
                case 'R' -> isAt(b, j, n, "Route") ? ForwardMethod.ROUTE : null;
                case 'T' -> isAt(b, j, n, "Tunnel") ? ForwardMethod.TUNNEL : null;
                case 'L' -> isAt(b, j, n, "Local") ? ForwardMethod.LOCAL : null;
                case 'B' -> isAt(b, j, n, "Bypass") ? ForwardMethod.BYPASS : null;
                default -> null;
            };
            if (f == null) {
                return -1;
            }
            i = j + FORWARD_NAMES[f.ordinal()].length();
            long[] values = numbers;
            for (int k = 0; k < 3; k++) {
                j = skipBlanks(b, i, n);
                if (j == i) {
                    return -1;
                }
                long v = 0;
                i = j;
                int c;
                while (i < n && (c = b[i] - '0') >= 0 && c <= 9) {
                    v = v * 10 + c;
                    i++;
                }
                if (i == j || i - j > 18) {
                    return -1;
                }
                values[k] = v;
            }
            i = skipBlanks(b, i, n);
            if (i < n && b[i] != '\n' && b[i] != '\r') {
                return -1;
            }
            forward = f;
            weight = values[0];
            active = values[1];
            inactive = values[2];
            return i;
        }

        private final long[] numbers = new long[3];

        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
                ByteOrder.LITTLE_ENDIAN);

        /** The {@code Forward} column's names, by {@link ForwardMethod} ordinal. */
        private static final String[] FORWARD_NAMES = {"Masq", "Route", "Tunnel", "Local", "Bypass"};

        /**
         * {@code TCP|UDP|SCTP A.B.C.D:PORT SCHEDULER}, the line that starts at from, in the plain
         * form that {@link ListReader#fastService} accepts: where the line ends, or -1 for anything
         * else.
         */
        int serviceLine(int from) {
            byte[] b = this.b;
            int n = b.length;
            int i = skipBlanks(b, from, n);
            IpvsProtocol p;
            if (isAt(b, i, n, "TCP")) {
                p = IpvsProtocol.TCP;
                i += 3;
            } else if (isAt(b, i, n, "UDP")) {
                p = IpvsProtocol.UDP;
                i += 3;
            } else if (isAt(b, i, n, "SCTP")) {
                p = IpvsProtocol.SCTP;
                i += 4;
            } else {
                return -1;
            }
            int j = skipBlanks(b, i, n);
            if (j == i || (i = ipv4Port(b, j, n)) < 0 || (j = skipBlanks(b, i, n)) == i) {
                return -1;
            }
            int start = j;
            int c;
            while (j < n && (c = b[j]) > ' ' && c < 0x7F && c != '?') {
                j++;
            }
            int end = j;
            i = skipBlanks(b, j, n);
            if (end == start || i < n && b[i] != '\n' && b[i] != '\r') {
                return -1; // no scheduler (the general code reads it as none), or more words
            }
            offset = from;
            starts[0] = start - from;
            ends[0] = end - from;
            scheduler = cachedWord(0);
            protocol = p;
            return i;
        }

        /**
         * The position after the blanks and tabs at i. ipvsadm pads its columns with runs of
         * spaces, skipped eight at a time.
         */
        private static int skipBlanks(byte[] b, int i, int n) {
            while (true) {
                if (i + 8 <= n) {
                    long spaces = (long) LONGS.get(b, i) ^ 0x2020202020202020L; // 0 where a space
                    if (spaces == 0) {
                        i += 8;
                        continue;
                    }
                    i += Long.numberOfTrailingZeros(spaces) >>> 3;
                } else {
                    while (i < n && b[i] == ' ') {
                        i++;
                    }
                }
                if (i < n && b[i] == '\t') {
                    i++;
                } else {
                    return i;
                }
            }
        }

        /** Whether the text holds the ASCII literal at i. */
        private static boolean isAt(byte[] b, int i, int n, String literal) {
            int len = literal.length();
            if (i + len > n) {
                return false;
            }
            for (int k = 0; k < len; k++) {
                if (b[i + k] != literal.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A plain {@code A.B.C.D:PORT} word at i, as {@link #address(int)} accepts it, ended by a
         * byte that is not a word character: sets {@link #address} and {@link #port} and returns
         * where the word ends, or -1.
         */
        private int ipv4Port(byte[] b, int i, int n) {
            int from = i;
            int ip = 0;
            for (int part = 0; part < 4; part++) {
                if (part > 0) {
                    if (i >= n || b[i] != '.') {
                        return -1;
                    }
                    i++;
                }
                int first = i;
                int v = 0;
                int c;
                while (i < n && (c = b[i] - '0') >= 0 && c <= 9) {
                    v = v * 10 + c;
                    i++;
                }
                int digits = i - first;
                if (digits == 0 || digits > 3 || v > 255 || digits > 1 && b[first] == '0') {
                    return -1;
                }
                ip = ip << 8 | v;
            }
            int colon = i;
            if (i >= n || b[i] != ':') {
                return -1;
            }
            int p = 0;
            int c;
            for (i++; i < n && (c = b[i] - '0') >= 0 && c <= 9; i++) {
                p = p * 10 + c;
                if (i - colon > 5) {
                    return -1;
                }
            }
            if (i == colon + 1 || p > 65535 || i < n && (c = b[i]) > ' ' && c < 0x7F) {
                return -1; // no port, or more word characters
            }
            port = p;
            address = cachedAddress(ip, from, colon);
            return i;
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

    /**
     * A virtual service being filled; the list reader fills one after the other with the same
     * builder, since a service's real servers follow it.
     */
    private static final class Builder {
        int line;
        private DumpText text;
        private int start;
        private int end;
        private IpvsProtocol protocol;
        private String address;
        private int port;
        private long mark;
        private String scheduler;
        private int persistence;
        private String netmask;
        private List<String> flags;
        private Map<String, String> columns;
        private RealServer[] servers = NO_SERVERS;
        private int serverCount;

        Builder() {
        }

        Builder(int line, DumpText text, int start, int end, IpvsProtocol protocol, String address, int port, long mark,
                String scheduler, int persistence, String netmask, List<String> flags, Map<String, String> columns) {
            set(line, text, start, end, protocol, address, port, mark, scheduler, persistence, netmask, flags, columns);
        }

        /** Starts another service, without real servers. */
        void set(int line, DumpText text, int start, int end, IpvsProtocol protocol, String address, int port, long mark,
                String scheduler, int persistence, String netmask, List<String> flags, Map<String, String> columns) {
            serverCount = 0;
            this.line = line;
            this.text = text;
            this.start = start;
            this.end = end;
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
            return new VirtualService(line, text, start, end, protocol, address, port, mark, scheduler, persistence,
                    netmask, flags, columns, list);
        }
    }

    private static List<VirtualService> build(List<Builder> builders) {
        ServiceList out = new ServiceList(builders.size());
        for (Builder b : builders) {
            out.append(b.build());
        }
        return out;
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

    /** Where the line that starts at from ends: at the next CR or LF, or at the end of the text. */
    private static int lineEnd(byte[] b, int from) {
        int i = from;
        int c;
        while (i < b.length && (c = b[i]) != '\n' && c != '\r') {
            i++;
        }
        return i;
    }

    /** Where the next line starts after a line that ends at end (CRLF is one line end). */
    private static int nextLine(byte[] b, int end) {
        return end + 1 < b.length && b[end] == '\r' && b[end + 1] == '\n' ? end + 2 : end + 1;
    }

    /** The lines as {@link java.io.BufferedReader#readLine} gives them: ended by LF, CR or CRLF. */
    private static SourceLines lines(DumpText text, byte[] b) {
        int capacity = Math.max(16, b.length / 40);
        int[] starts = new int[capacity];
        int[] ends = new int[capacity];
        int n = 0;
        int start = 0;
        while (start < b.length) {
            int end = lineEnd(b, start);
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            starts[n] = start;
            ends[n++] = end;
            start = nextLine(b, end);
        }
        return new SourceLines(text, starts, ends, n);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
