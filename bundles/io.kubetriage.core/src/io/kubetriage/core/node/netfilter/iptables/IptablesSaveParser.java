package io.kubetriage.core.node.netfilter.iptables;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump.Backend;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump.Family;

/**
 * Reads the output of {@code iptables-save} and {@code ip6tables-save} (with or without
 * {@code -c}, legacy or nf_tables back-end): {@code *table} ... {@code COMMIT} blocks of
 * {@code :CHAIN POLICY [P:B]} declarations and {@code [P:B] -A CHAIN ...} rules. Words are split
 * as iptables-restore splits them: on blanks outside double quotes, with {@code \"} and
 * {@code \\} escapes inside quotes.
 *
 * <p>Anything that iptables-save cannot have printed is refused with a
 * {@link NodeDataFormatException} naming the line; no unchecked exception escapes for any input.
 * Instances hold no state and may be shared between threads.
 */
public final class IptablesSaveParser {

    /** Longest line accepted; kube-proxy's longest rules are a few hundred characters. */
    public static final int MAX_LINE_LENGTH = 64 * 1024;

    public IptablesDump parse(Path file) throws IOException, NodeDataFormatException {
        Objects.requireNonNull(file, "file");
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Reads the dump to its end; the reader is not closed. */
    public IptablesDump parse(Reader reader) throws IOException, NodeDataFormatException {
        StringWriter text = new StringWriter();
        reader.transferTo(text);
        return parse(text.toString());
    }

    public IptablesDump parse(String text) throws NodeDataFormatException {
        Objects.requireNonNull(text, "text");
        return new Run(text, text.getBytes(StandardCharsets.ISO_8859_1)).run();
    }

    /** The state of one parse. */
    private static final class Run {

        private final String text;
        /**
         * The text as ISO-8859-1 bytes, for the scanning loops: characters past U+00FF become '?',
         * which no decision of the parser tells from another word character (strings, and the
         * comparison of names, always come from the text).
         */
        private final byte[] bytes;
        private int[] lineStarts;
        private int[] lineEnds;
        private int lineCount;
        private final Map<String, IptablesTable> tables = new LinkedHashMap<>();
        private final Tokenizer tokenizer = new Tokenizer(true);
        private String generator;
        private Backend backend = Backend.UNKNOWN;
        private Family family = Family.UNKNOWN;
        private boolean sawV4Address;
        private boolean sawV6Address;

        // the open table
        private String tableName;
        private int tableLine;
        private ChainIndex chains;
        private ChainBuilder lastChain;
        private ChainBuilder previousChain;

        Run(String text, byte[] bytes) {
            this.text = text;
            this.bytes = bytes;
            int estimate = Math.max(1024, text.length() / 64);
            lineStarts = new int[estimate];
            lineEnds = new int[estimate];
        }

        IptablesDump run() throws NodeDataFormatException {
            int length = text.length();
            int start = 0;
            int number = 0;
            while (start < length) {
                int newline = text.indexOf('\n', start);
                int next = newline < 0 ? length : newline + 1;
                int end = newline < 0 ? length : newline;
                if (end > start && text.charAt(end - 1) == '\r') {
                    end--;
                }
                number++;
                if (lineCount == lineStarts.length) {
                    lineStarts = Arrays.copyOf(lineStarts, lineCount * 2);
                    lineEnds = Arrays.copyOf(lineEnds, lineCount * 2);
                }
                lineStarts[lineCount] = start;
                lineEnds[lineCount++] = end;
                if (end - start > MAX_LINE_LENGTH) {
                    throw new NodeDataFormatException(number, "line is " + (end - start)
                            + " characters long; the limit is " + MAX_LINE_LENGTH + " (not an iptables-save dump?)");
                }
                parseLine(start, end, number);
                start = next;
            }
            if (tableName != null) {
                throw new NodeDataFormatException(0, "file ends inside table " + tableName
                        + " (opened at line " + tableLine + "): COMMIT missing (truncated?)");
            }
            if (family == Family.UNKNOWN) {
                family = sawV6Address && !sawV4Address ? Family.IPV6 : sawV4Address ? Family.IPV4 : Family.UNKNOWN;
            }
            return new IptablesDump(generator, backend, family, Collections.unmodifiableMap(tables),
                    new SourceLines(text, lineStarts, lineEnds, lineCount));
        }

        private void parseLine(int lineStart, int end, int number) throws NodeDataFormatException {
            int start = lineStart;
            while (start < end && isBlank(text.charAt(start))) {
                start++;
            }
            if (start == end) {
                return;
            }
            char first = text.charAt(start);
            switch (first) {
                case '#' -> header(text.substring(start, end));
                case '*' -> openTable(text.substring(start + 1, end).strip(), number);
                case ':' -> declareChain(start, end, number);
                case '-', '[' -> rule(lineStart, end, number);
                default -> {
                    String word = text.substring(start, end).strip();
                    if (word.equals("COMMIT")) {
                        commit(number);
                    } else {
                        throw new NodeDataFormatException(number, "expected '*table', ':chain', '-A chain ...', "
                                + "'COMMIT' or a '#' comment, found '" + shorten(word) + "'");
                    }
                }
            }
        }

        private void header(String line) {
            // # Generated by iptables-save v1.8.9 (nf_tables) on Mon Mar  4 10:00:00 2024
            if (generator != null || !line.startsWith("# Generated by ")) {
                return;
            }
            String rest = line.substring("# Generated by ".length());
            int on = rest.indexOf(" on ");
            String what = on < 0 ? rest.strip() : rest.substring(0, on).strip();
            int paren = what.indexOf(" (");
            if (paren >= 0) {
                String kind = what.substring(paren + 2, what.endsWith(")") ? what.length() - 1 : what.length());
                backend = switch (kind) {
                    case "nf_tables" -> Backend.NF_TABLES;
                    case "legacy" -> Backend.LEGACY;
                    default -> Backend.UNKNOWN;
                };
                what = what.substring(0, paren);
            } else {
                // only iptables-nft marks its header; legacy iptables-save 1.8 writes none
                backend = Backend.LEGACY;
            }
            generator = what;
            if (what.startsWith("ip6tables")) {
                family = Family.IPV6;
            } else if (what.startsWith("iptables")) {
                family = Family.IPV4;
            }
        }

        private void openTable(String name, int number) throws NodeDataFormatException {
            if (tableName != null) {
                throw new NodeDataFormatException(number, "table " + name + " starts inside table " + tableName
                        + " (opened at line " + tableLine + "): COMMIT missing before it");
            }
            if (name.isEmpty() || name.indexOf(' ') >= 0 || name.indexOf('\t') >= 0) {
                throw new NodeDataFormatException(number, "expected a table name after '*', found '"
                        + shorten(name) + "'");
            }
            IptablesTable earlier = tables.get(name);
            if (earlier != null) {
                throw new NodeDataFormatException(number, "table " + name + " appears a second time (first at line "
                        + earlier.lineNumber() + ")");
            }
            tableName = name;
            tableLine = number;
            chains = new ChainIndex();
        }

        private void commit(int number) throws NodeDataFormatException {
            if (tableName == null) {
                throw new NodeDataFormatException(number, "COMMIT outside any table (no '*table' line before it)");
            }
            tables.put(tableName, new IptablesTable(tableName, tableLine, number, new ChainMap(chains)));
            tableName = null;
            chains = null;
            lastChain = null;
            previousChain = null;
        }

        private void declareChain(int start, int end, int number) throws NodeDataFormatException {
            int n = tokenizer.split(text, bytes, start + 1, end, number);
            if (tableName == null) {
                throw new NodeDataFormatException(number, "chain " + (n > 0 ? tokenizer.word(0) : "")
                        + " declared before any '*table' line");
            }
            if (n < 2 || n > 3) {
                throw new NodeDataFormatException(number, "expected ':CHAIN POLICY [PACKETS:BYTES]', found '"
                        + shorten(text.substring(start, end).strip()) + "'");
            }
            String name = tokenizer.uncachedWord(0); // chain names are unique
            String policy = tokenizer.word(1);
            Counters counters = n == 3 ? tokenizer.counters(2, number) : null;
            int hash = tokenizer.quoted(0) ? ChainIndex.hash(name)
                    : ChainIndex.hash(bytes, tokenizer.start(0), tokenizer.end(0));
            ChainBuilder earlier = chains.putIfAbsent(name, hash, policy, counters, number);
            if (earlier != null) {
                throw new NodeDataFormatException(number, "chain " + name + " declared twice in table " + tableName
                        + " (first at line " + earlier.line + ")");
            }
        }

        private void rule(int start, int end, int number) throws NodeDataFormatException {
            Tokenizer t = tokenizer;
            int n = t.split(text, bytes, start, end, number);
            int i = 0;
            Counters counters = null;
            if (n > 0 && t.charAt(0, 0) == '[' && !t.quoted(0)) {
                counters = t.counters(0, number);
                i = 1;
            }
            if (i >= n || !t.is(i, "-A") && !t.is(i, "--append")) {
                String found = i < n ? t.word(i) : "";
                throw new NodeDataFormatException(number, "expected '-A CHAIN' (iptables-save writes only appends), found '"
                        + shorten(found) + "'");
            }
            if (i + 1 >= n) {
                throw new NodeDataFormatException(number, "-A needs a chain name");
            }
            ChainBuilder chain = lastChain;
            if (chain != null && !t.is(i + 1, chain.name)) {
                // iptables-save writes the rules chain after chain, in the order of the declarations
                // (and kube-proxy-like dumps interleave a few hot chains with that order)
                ChainBuilder next = chains.after(chain);
                if (next == null || !t.is(i + 1, next.name)) {
                    next = previousChain == null ? null : chains.after(previousChain);
                    if (next != null && !t.is(i + 1, next.name)) {
                        next = null;
                    }
                }
                chain = next;
                if (chain != null) {
                    previousChain = lastChain;
                    lastChain = chain;
                }
            }
            if (chain == null) {
                if (tableName == null) {
                    throw new NodeDataFormatException(number, "rule for chain " + t.word(i + 1)
                            + " before any '*table' line");
                }
                chain = t.quoted(i + 1) ? chains.get(t.word(i + 1)) : chains.get(text, bytes, t.start(i + 1), t.end(i + 1));
                if (chain == null) {
                    String chainName = t.word(i + 1);
                    throw new NodeDataFormatException(number, "rule for chain " + chainName + ", which table " + tableName
                            + " does not declare (no ':" + chainName + "' line before it)");
                }
                previousChain = lastChain;
                lastChain = chain;
            }
            i += 2;
            // check every word now; the parts become objects when the rule is first looked at
            scan(t, n, i, number, false, this);
            chain.rules.add(new IptablesRule(number, text, start, end, chain.name, counters));
        }

        private void noteAddress(boolean v6) {
            if (v6) {
                sawV6Address = true;
            } else {
                sawV4Address = true;
            }
        }
    }

    /** The matches, modules and target of a rule line that {@link #parse} accepted. */
    static IptablesRule.Details details(String text, int start, int end, int number) {
        Tokenizer t = LAZY_TOKENIZER.get();
        try {
            String line = text.substring(start, end);
            int n = t.split(line, line.getBytes(StandardCharsets.ISO_8859_1), 0, line.length(), number);
            int i = n > 0 && t.charAt(0, 0) == '[' && !t.quoted(0) ? 1 : 0;
            return scan(t, n, i + 2, number, true, null);
        } catch (NodeDataFormatException e) {
            // the same checks passed when the dump was parsed
            throw new IllegalStateException("rule at line " + number + " was accepted but cannot be read again: "
                    + e.getMessage(), e);
        }
    }

    private static final ThreadLocal<Tokenizer> LAZY_TOKENIZER = ThreadLocal.withInitial(() -> new Tokenizer(false));

    /**
     * Walks the words of a rule after {@code -A CHAIN}: checks them, and builds the parts when asked.
     * One method for both, so that a rule accepted by the parser can always be built later.
     */
    private static IptablesRule.Details scan(Tokenizer t, int n, int i, int number, boolean build, Run run)
            throws NodeDataFormatException {
        List<RuleOption> matches = null;
        List<MatchModule> modules = null;
        String moduleName = null;
        boolean moduleOpen = false;
        List<RuleOption> moduleOptions = null;
        String targetName = null;
        boolean hasTarget = false;
        boolean goTo = false;
        List<RuleOption> targetOptions = null;
        boolean inTarget = false;
        boolean negate = false;
        String protocol = null;

        while (i < n) {
            if (t.is(i, "!")) {
                if (negate) {
                    throw new NodeDataFormatException(number, "two '!' in a row");
                }
                negate = true;
                i++;
                continue;
            }
            if (!t.isOption(i)) {
                throw new NodeDataFormatException(number, "unexpected word '" + shorten(t.word(i))
                        + "' (expected an option such as -p, -m or -j)");
            }
            String basic = t.basicName(i);
            if (basic != null) {
                RuleOption o = null;
                if (basic.equals("fragment")) {
                    if (build) {
                        o = new RuleOption(basic, negate, List.of());
                    }
                    i++;
                } else {
                    int v = i + 1;
                    boolean neg = negate;
                    if (v < n && t.is(v, "!")) { // old form: -s ! 10.0.0.0/8
                        neg = true;
                        v++;
                    }
                    if (v >= n || t.isOption(v)) {
                        throw new NodeDataFormatException(number, t.word(i) + " needs a value");
                    }
                    if (run != null && run.family == Family.UNKNOWN
                            && (basic.equals("source") || basic.equals("destination"))) {
                        run.noteAddress(t.contains(v, ':'));
                    }
                    if (build) {
                        String value = t.word(v);
                        o = new RuleOption(basic, neg, List.of(value));
                        if (basic.equals("protocol")) {
                            protocol = value;
                        }
                    } else if (basic.equals("protocol")) {
                        protocol = "";
                    }
                    i = v + 1;
                }
                if (build) {
                    if (matches == null) {
                        matches = new ArrayList<>(4);
                    }
                    matches.add(o);
                }
                negate = false;
                continue;
            }
            if (t.is(i, "-m") || t.is(i, "--match")) {
                if (i + 1 >= n || t.isOption(i + 1)) {
                    throw new NodeDataFormatException(number, t.word(i) + " needs a module name");
                }
                if (build) {
                    if (moduleOpen) {
                        modules = addModule(modules, moduleName, moduleOptions);
                    }
                    moduleName = t.word(i + 1);
                    moduleOptions = null;
                }
                moduleOpen = true;
                inTarget = false;
                i += 2;
            } else if (t.is(i, "-j") || t.is(i, "--jump") || t.is(i, "-g") || t.is(i, "--goto")) {
                if (hasTarget) {
                    throw new NodeDataFormatException(number, "second target '" + t.word(i) + "' (the rule already has "
                            + "a target)");
                }
                if (i + 1 >= n || t.isOption(i + 1)) {
                    throw new NodeDataFormatException(number, t.word(i) + " needs a target name");
                }
                hasTarget = true;
                if (build) {
                    targetName = t.word(i + 1);
                    goTo = t.is(i, "-g") || t.is(i, "--goto");
                }
                inTarget = true;
                i += 2;
            } else if (t.is(i, "-c") || t.is(i, "--set-counters")) {
                if (i + 2 >= n) {
                    throw new NodeDataFormatException(number, t.word(i) + " needs PACKETS BYTES");
                }
                number(t.word(i + 1), number);
                number(t.word(i + 2), number);
                i += 3;
            } else {
                if (t.charAt(i, 1) != '-') {
                    throw new NodeDataFormatException(number, "unknown option '" + shorten(t.word(i)) + "'");
                }
                int v = i + 1;
                boolean neg = negate;
                if (v + 1 < n && t.is(v, "!") && !t.isOption(v + 1)) {
                    neg = true; // old form: --dport ! 80
                    v++;
                }
                int end = v;
                while (end < n && !t.isOption(end) && !t.is(end, "!")) {
                    end++;
                }
                if (build) {
                    List<String> values = switch (end - v) {
                        case 0 -> List.of();
                        case 1 -> List.of(t.word(v));
                        case 2 -> List.of(t.word(v), t.word(v + 1));
                        default -> t.words(v, end);
                    };
                    RuleOption o = new RuleOption(t.word(i).substring(2), neg, values);
                    if (inTarget) {
                        if (targetOptions == null) {
                            targetOptions = new ArrayList<>(2);
                        }
                        targetOptions.add(o);
                    } else {
                        if (!moduleOpen) {
                            // "-p tcp --dport 80" without "-m tcp": the protocol's implicit match
                            moduleName = protocol != null ? protocol : "";
                            moduleOpen = true;
                        }
                        if (moduleOptions == null) {
                            moduleOptions = new ArrayList<>(2);
                        }
                        moduleOptions.add(o);
                    }
                } else if (!inTarget) {
                    moduleOpen = true;
                }
                negate = false;
                i = end;
            }
        }
        if (negate) {
            throw new NodeDataFormatException(number, "'!' at the end of the rule, with nothing to negate");
        }
        if (!build) {
            return null;
        }
        if (moduleOpen) {
            modules = addModule(modules, moduleName, moduleOptions);
        }
        RuleTarget target = targetName == null ? null
                : new RuleTarget(targetName, goTo, targetOptions == null ? List.of()
                        : Collections.unmodifiableList(targetOptions));
        return new IptablesRule.Details(matches == null ? List.of() : Collections.unmodifiableList(matches),
                modules == null ? List.of() : Collections.unmodifiableList(modules), target);
    }

    private static List<MatchModule> addModule(List<MatchModule> modules, String name, List<RuleOption> options) {
        List<MatchModule> list = modules == null ? new ArrayList<>(4) : modules;
        list.add(new MatchModule(name, options == null ? List.of() : Collections.unmodifiableList(options)));
        return list;
    }

    private static long number(String s, int number) throws NodeDataFormatException {
        if (s.isEmpty() || s.length() > 19) { // 19 digits cannot wrap past zero twice
            throw new NodeDataFormatException(number, "expected a counter, found '" + shorten(s) + "'");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NodeDataFormatException(number, "expected a counter, found '" + shorten(s) + "'");
            }
            v = v * 10 + (c - '0');
            if (v < 0) {
                throw new NodeDataFormatException(number, "counter too large: '" + shorten(s) + "'");
            }
        }
        return v;
    }
    /**
     * The chains of the open table by name, in declaration order: an open-addressing table that
     * finds a chain from a span of the text without making a string.
     */
    private static final class ChainIndex {
        ChainBuilder[] order = new ChainBuilder[64];
        private ChainBuilder[] slots = new ChainBuilder[128]; // power of two, at most half full
        private int[] hashes = new int[128]; // of the slots, so that probing does not visit the chains
        private static final int RECENT_SIZE = 64; // power of two
        /** Chains found lately, by hash: a few chains take rules all through a kube-proxy dump. */
        private final ChainBuilder[] recent = new ChainBuilder[RECENT_SIZE];
        private int size;

        /** The chain declared after this one, or null. */
        ChainBuilder after(ChainBuilder b) {
            int k = b.index + 1;
            return k < size ? order[k] : null;
        }

        int size() {
            return size;
        }

        /** A hash of the ISO-8859-1 bytes of the name (so '?' for characters past U+00FF). */
        static int hash(String name) {
            int h = 0;
            for (int k = 0; k < name.length(); k++) {
                char c = name.charAt(k);
                h = 31 * h + (c <= 0xFF ? c : '?');
            }
            return h;
        }

        static int hash(byte[] bytes, int start, int end) {
            int h = 0;
            for (int k = start; k < end; k++) {
                h = 31 * h + (bytes[k] & 0xFF);
            }
            return h;
        }

        ChainBuilder get(String name) {
            return get(name, hash(name));
        }

        private ChainBuilder get(String name, int h) {
            ChainBuilder[] s = slots;
            int[] hs = hashes;
            int mask = s.length - 1;
            for (int k = mix(h) & mask;; k = (k + 1) & mask) {
                if (hs[k] == h) {
                    ChainBuilder b = s[k];
                    if (b == null || b.name.equals(name)) {
                        return b;
                    }
                } else if (s[k] == null) {
                    return null;
                }
            }
        }

        ChainBuilder get(String text, byte[] bytes, int start, int end) {
            int h = hash(bytes, start, end);
            int len = end - start;
            int r = h & (RECENT_SIZE - 1);
            ChainBuilder hot = recent[r];
            if (hot != null && hot.hash == h && hot.name.length() == len && text.startsWith(hot.name, start)) {
                return hot;
            }
            ChainBuilder found = find(text, h, start, len);
            if (found != null) {
                recent[r] = found;
            }
            return found;
        }

        private ChainBuilder find(String text, int h, int start, int len) {
            ChainBuilder[] s = slots;
            int[] hs = hashes;
            int mask = s.length - 1;
            for (int k = mix(h) & mask;; k = (k + 1) & mask) {
                if (hs[k] == h) {
                    ChainBuilder b = s[k];
                    if (b == null || b.name.length() == len && text.startsWith(b.name, start)) {
                        return b;
                    }
                } else if (s[k] == null) {
                    return null;
                }
            }
        }

        /** Adds a chain unless one by that name exists; returns the existing one, else null. */
        ChainBuilder putIfAbsent(String name, int hash, String policy, Counters counters, int line) {
            ChainBuilder earlier = get(name, hash);
            if (earlier != null) {
                return earlier;
            }
            if (size == order.length) {
                order = Arrays.copyOf(order, size * 2);
            }
            if ((size + 1) * 2 > slots.length) {
                ChainBuilder[] bigger = new ChainBuilder[slots.length * 2];
                int[] biggerHashes = new int[bigger.length];
                for (int j = 0; j < size; j++) {
                    insert(bigger, biggerHashes, order[j]);
                }
                slots = bigger;
                hashes = biggerHashes;
            }
            ChainBuilder b = new ChainBuilder(name, hash, policy.equals("-") ? null : policy, counters, line, size);
            order[size++] = b;
            insert(slots, hashes, b);
            return null;
        }

        private static void insert(ChainBuilder[] s, int[] hs, ChainBuilder b) {
            int mask = s.length - 1;
            int k = mix(b.hash) & mask;
            while (s[k] != null) {
                k = (k + 1) & mask;
            }
            s[k] = b;
            hs[k] = b.hash;
        }

        private static int mix(int h) {
            int x = h * 0x9E3779B9;
            return x ^ (x >>> 16);
        }
    }

    /**
     * The chains of a table by name, in declaration order, as an unmodifiable map over the index
     * the parser built (a table can declare hundreds of thousands of chains).
     */
    private static final class ChainMap extends AbstractMap<String, IptablesChain> {
        private final ChainIndex index;
        private final IptablesChain[] chains;
        private Set<Map.Entry<String, IptablesChain>> entries;

        ChainMap(ChainIndex index) {
            this.index = index;
            int size = index.size();
            chains = new IptablesChain[size];
            ChainBuilder[] order = index.order;
            for (int k = 0; k < size; k++) {
                chains[k] = order[k].build();
            }
        }

        @Override
        public int size() {
            return chains.length;
        }

        @Override
        public IptablesChain get(Object key) {
            if (!(key instanceof String name)) {
                return null;
            }
            ChainBuilder b = index.get(name);
            return b == null ? null : chains[b.index];
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Map.Entry<String, IptablesChain>> entrySet() {
            Set<Map.Entry<String, IptablesChain>> e = entries;
            if (e == null) {
                e = new AbstractSet<>() {
                    @Override
                    public Iterator<Map.Entry<String, IptablesChain>> iterator() {
                        return new Iterator<>() {
                            private int next;

                            @Override
                            public boolean hasNext() {
                                return next < chains.length;
                            }

                            @Override
                            public Map.Entry<String, IptablesChain> next() {
                                if (next >= chains.length) {
                                    throw new NoSuchElementException();
                                }
                                IptablesChain c = chains[next++];
                                return new AbstractMap.SimpleImmutableEntry<>(c.name(), c);
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return chains.length;
                    }
                };
                entries = e;
            }
            return e;
        }
    }

    /** A chain being filled. */
    private static final class ChainBuilder {
        final String name;
        final String policy;
        final Counters counters;
        final int line;
        final int hash;
        final int index;
        final List<IptablesRule> rules = new ArrayList<>();

        ChainBuilder(String name, int hash, String policy, Counters counters, int line, int index) {
            this.name = name;
            this.policy = policy;
            this.counters = counters;
            this.line = line;
            this.hash = hash;
            this.index = index;
        }

        IptablesChain build() {
            return new IptablesChain(name, policy, counters, line,
                    rules.isEmpty() ? List.of() : Collections.unmodifiableList(rules));
        }
    }

    /**
     * Splits a line into words as iptables-restore does. Words are kept as spans of the line in
     * reusable arrays and become strings only when asked for; short unquoted words are shared
     * through a small cache, as a kube-proxy dump repeats the same names on every line.
     */
    private static final class Tokenizer {

        private static final int CACHE_SIZE = 1 << 14; // power of two
        private static final int MAX_CACHED_LENGTH = 48;

        private String line;
        private byte[] bytes;
        private int[] starts = new int[64];
        private int[] ends = new int[64];
        private boolean[] quoted = new boolean[64];
        private int count;
        private final String[] cache;
        private final StringBuilder buffer = new StringBuilder();
        private static final int COUNTERS_CACHE_SIZE = 256; // power of two
        private final Counters[] counterCache = new Counters[COUNTERS_CACHE_SIZE];

        Tokenizer(boolean withCache) {
            cache = withCache ? new String[CACHE_SIZE] : null;
        }

        boolean quoted(int i) {
            return quoted[i];
        }

        int start(int i) {
            return starts[i];
        }

        int end(int i) {
            return ends[i];
        }

        /** The k-th character of word i as written (quotes included), or 0 past its end. */
        char charAt(int i, int k) {
            int at = starts[i] + k;
            return at < ends[i] ? line.charAt(at) : 0;
        }

        /** Whether word i is unquoted and equal to the literal. */
        boolean is(int i, String literal) {
            int start = starts[i];
            int len = ends[i] - start;
            if (quoted[i] || len != literal.length()) {
                return false;
            }
            byte[] b = bytes;
            for (int k = 0; k < len; k++) {
                int c = b[start + k] & 0xFF;
                if (c != literal.charAt(k) || c == '?' && line.charAt(start + k) != '?') {
                    return false;
                }
            }
            return true;
        }

        boolean contains(int i, char c) {
            byte[] b = bytes;
            for (int k = starts[i]; k < ends[i]; k++) {
                if (b[k] == c) { // c is ASCII
                    return true;
                }
            }
            return false;
        }

        /** Whether word i is an option: unquoted, starts with '-', and is not a negative number. */
        boolean isOption(int i) {
            if (quoted[i] || ends[i] - starts[i] < 2 || bytes[starts[i]] != '-') {
                return false;
            }
            byte second = bytes[starts[i] + 1];
            return !(second >= '0' && second <= '9');
        }

        /** The long name of a basic match option, or null. */
        String basicName(int i) {
            if (quoted[i]) {
                return null;
            }
            int len = ends[i] - starts[i];
            if (len == 2) {
                return switch (bytes[starts[i] + 1]) {
                    case 'p' -> "protocol";
                    case 's' -> "source";
                    case 'd' -> "destination";
                    case 'i' -> "in-interface";
                    case 'o' -> "out-interface";
                    case 'f' -> "fragment";
                    default -> null;
                };
            }
            if (len < 5 || bytes[starts[i] + 1] != '-') {
                return null;
            }
            if (is(i, "--protocol")) {
                return "protocol";
            } else if (is(i, "--source") || is(i, "--src")) {
                return "source";
            } else if (is(i, "--destination") || is(i, "--dst")) {
                return "destination";
            } else if (is(i, "--in-interface")) {
                return "in-interface";
            } else if (is(i, "--out-interface")) {
                return "out-interface";
            } else if (is(i, "--fragment")) {
                return "fragment";
            }
            return null;
        }

        /** Counters {@code [PACKETS:BYTES]} from word i, without making strings. */
        Counters counters(int i, int number) throws NodeDataFormatException {
            int start = starts[i];
            int end = ends[i];
            int colon = line.indexOf(':', start);
            if (end - start < 5 || line.charAt(end - 1) != ']' || colon < 0 || colon >= end) {
                throw new NodeDataFormatException(number, "expected counters '[PACKETS:BYTES]', found '"
                        + shorten(word(i)) + "'");
            }
            long packets = 0;
            long bytes = 0;
            boolean ok = colon - start - 1 >= 1 && colon - start - 1 <= 19 && end - colon - 2 >= 1 && end - colon - 2 <= 19;
            byte[] b = this.bytes;
            for (int k = start + 1; ok && k < end - 1; k++) {
                byte c = b[k];
                if (k == colon) {
                    continue;
                }
                if (c < '0' || c > '9') {
                    ok = false;
                } else if (k < colon) {
                    packets = packets * 10 + (c - '0');
                } else {
                    bytes = bytes * 10 + (c - '0');
                }
            }
            if (!ok || packets < 0 || bytes < 0) {
                throw new NodeDataFormatException(number, "expected counters '[PACKETS:BYTES]', found '"
                        + shorten(word(i)) + "'");
            }
            // a dump repeats the same few counters ([0:0] above all); the records are immutable
            int slot = (int) (packets * 31 + bytes) & (COUNTERS_CACHE_SIZE - 1);
            Counters c = counterCache[slot];
            if (c == null || c.packets() != packets || c.bytes() != bytes) {
                c = new Counters(packets, bytes);
                counterCache[slot] = c;
            }
            return c;
        }

        /** Word i as a string, unquoted, not shared through the cache. */
        String uncachedWord(int i) {
            return quoted[i] ? word(i) : line.substring(starts[i], ends[i]);
        }

        /** Word i as a string, unquoted. */
        String word(int i) {
            int start = starts[i];
            int end = ends[i];
            if (!quoted[i]) {
                return cached(start, end);
            }
            buffer.setLength(0);
            boolean inQuote = false;
            for (int k = start; k < end; k++) {
                char c = line.charAt(k);
                if (inQuote && c == '\\' && k + 1 < end) {
                    buffer.append(line.charAt(++k));
                } else if (c == '"') {
                    inQuote = !inQuote;
                } else {
                    buffer.append(c);
                }
            }
            return buffer.toString();
        }

        List<String> words(int from, int to) {
            String[] w = new String[to - from];
            for (int i = from; i < to; i++) {
                w[i - from] = word(i);
            }
            return List.of(w);
        }

        /** Splits the line from a position; returns the number of words. */
        int split(String text, byte[] b, int from, int length, int number) throws NodeDataFormatException {
            line = text;
            bytes = b;
            count = 0;
            int i = from;
            while (true) {
                int c = 0;
                while (i < length && ((c = b[i]) == ' ' || c == '\t' || c == '\r' || c == '\n')) {
                    i++;
                }
                if (i >= length) {
                    return count;
                }
                int start = i;
                boolean hasQuote = false;
                boolean inQuote = false;
                int quoteStart = -1;
                // plain characters first; quotes and control characters take the full loop below
                while (i < length && ((c = b[i] & 0xFF) > ' ' && c != '"')) {
                    i++;
                }
                boolean plain = i >= length || c == ' ' || c == '\t' || c == '\r' || c == '\n';
                while (!plain && i < length) {
                    c = b[i];
                    if (inQuote) {
                        if (c == '\\') {
                            i += 2;
                            continue;
                        }
                        if (c == '"') {
                            inQuote = false;
                        }
                    } else if (c == '"') {
                        inQuote = true;
                        hasQuote = true;
                        quoteStart = i;
                    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                        break;
                    }
                    i++;
                }
                if (inQuote || i > length) {
                    throw new NodeDataFormatException(number, "unterminated quote (opened at column "
                            + (quoteStart - lineStart(text, from) + 1) + ")");
                }
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                    ends = java.util.Arrays.copyOf(ends, count * 2);
                    quoted = java.util.Arrays.copyOf(quoted, count * 2);
                }
                starts[count] = start;
                ends[count] = i;
                quoted[count++] = hasQuote;
            }
        }

        private String cached(int start, int end) {
            int len = end - start;
            if (cache == null || len > MAX_CACHED_LENGTH) {
                return line.substring(start, end);
            }
            int h = len;
            byte[] b = bytes;
            for (int i = start; i < end; i++) {
                h = 31 * h + b[i];
            }
            h ^= h >>> 16;
            int slot = h & (CACHE_SIZE - 1);
            String s = cache[slot];
            if (s != null && s.length() == len && line.startsWith(s, start)) {
                return s;
            }
            s = line.substring(start, end);
            cache[slot] = s;
            return s;
        }
    }

    private static int lineStart(String text, int from) {
        int newline = text.lastIndexOf('\n', from - 1);
        return newline + 1;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
