package io.kubetriage.core.node.netfilter.iptables;

import java.io.IOException;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
import java.util.Set;

import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.netfilter.internal.DumpText;
import io.kubetriage.core.node.netfilter.internal.SourceLines;
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
        // dumps are ASCII: scan the bytes as read, and make strings only of what is looked at
        return parse(DumpText.read(file));
    }

    /** Reads the dump to its end; the reader is not closed. */
    public IptablesDump parse(Reader reader) throws IOException, NodeDataFormatException {
        return parse(DumpText.read(reader));
    }

    public IptablesDump parse(String text) throws NodeDataFormatException {
        return parse(DumpText.of(text));
    }

    private static IptablesDump parse(DumpText text) throws NodeDataFormatException {
        return new Run(text, text.scanBytes(), text.isBytes()).run();
    }

    /** The state of one parse. */
    private static final class Run {

        private final DumpText text;
        /**
         * The text as ISO-8859-1 bytes, for the scanning loops: characters past U+00FF become '?',
         * which no decision of the parser tells from another word character (strings, and the
         * comparison of names, always come from the text).
         */
        private final byte[] bytes;
        private int[] lineStarts;
        private int[] lineEnds;
        private int lineCount;
        /** Whether the bytes are the text itself (ASCII), so that a '?' in them is a '?' in the text. */
        private final boolean exactBytes;
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

        Run(DumpText text, byte[] bytes, boolean exactBytes) {
            this.text = text;
            this.exactBytes = exactBytes;
            this.bytes = bytes;
            int estimate = Math.max(1024, text.length() / 64);
            lineStarts = new int[estimate];
            lineEnds = new int[estimate];
        }

        IptablesDump run() throws NodeDataFormatException {
            try {
                readLines();
            } catch (NodeDataFormatException e) {
                if (chains != null) {
                    chains.index(tableName); // a chain declared twice comes first
                }
                throw e;
            }
            if (family == Family.UNKNOWN) {
                family = sawV6Address && !sawV4Address ? Family.IPV6 : sawV4Address ? Family.IPV4 : Family.UNKNOWN;
            }
            return new IptablesDump(generator, backend, family, Collections.unmodifiableMap(tables),
                    new SourceLines(text, lineStarts, lineEnds, lineCount));
        }

        private void readLines() throws NodeDataFormatException {
            byte[] b = bytes;
            int length = b.length;
            int start = 0;
            int number = 0;
            while (start < length) {
                number++;
                if (lineCount == lineStarts.length) {
                    lineStarts = Arrays.copyOf(lineStarts, lineCount * 2);
                    lineEnds = Arrays.copyOf(lineEnds, lineCount * 2);
                }
                // the common lines in one pass each; anything unusual takes the full checks below
                byte first = b[start];
                int end = first == '[' || first == '-' ? fastRule(start, number)
                        : first == ':' ? fastChain(start, number) : -1;
                int next;
                if (end >= 0) {
                    next = end + 1;
                } else {
                    int newline = indexOf(b, (byte) '\n', start, length);
                    next = newline < 0 ? length : newline + 1;
                    end = newline < 0 ? length : newline;
                    if (end > start && b[end - 1] == '\r') {
                        end--;
                    }
                    if (end - start > MAX_LINE_LENGTH) {
                        throw new NodeDataFormatException(number, "line is " + (end - start) + " characters long; "
                                + "the limit is " + MAX_LINE_LENGTH + " (not an iptables-save dump?)");
                    }
                    parseLine(start, end, number);
                }
                lineStarts[lineCount] = start;
                lineEnds[lineCount++] = end;
                start = next;
            }
            if (tableName != null) {
                throw new NodeDataFormatException(0, "file ends inside table " + tableName
                        + " (opened at line " + tableLine + "): COMMIT missing (truncated?)");
            }
        }

        private void parseLine(int lineStart, int end, int number) throws NodeDataFormatException {
            int start = lineStart;
            while (start < end && isBlank((char) bytes[start])) {
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
            chains.index(tableName);
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
            int hash;
            int nameStart = -1;
            if (tokenizer.quoted(0)) {
                hash = ChainIndex.hash(name);
            } else {
                int s = tokenizer.start(0);
                int e = tokenizer.end(0);
                hash = ChainIndex.hash(bytes, s, e);
                nameStart = exactBytes || indexOf(bytes, (byte) '?', s, e) < 0 ? s : -1;
            }
            chains.add(name, nameStart, hash, policy, counters, number);
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
                chains.index(tableName);
                chain = t.quoted(i + 1) ? chains.get(t.word(i + 1)) : chains.get(bytes, text, t.start(i + 1), t.end(i + 1));
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

        /**
         * Reads a {@code [P:B] -A CHAIN ...} line the way kube-proxy and iptables-save write it, in
         * one pass over its bytes and without making strings: words separated by spaces, options
         * in short form, quotes only in values. Returns the index of the line's end ('\n' or the
         * end of the text) when the rule was added, or -1, having changed nothing that counts, for
         * a line that needs the full checks of {@link #parseLine} (and maybe their error message).
         * It accepts exactly what those checks accept for such a line.
         */
        private int fastRule(int lineStart, int number) throws NodeDataFormatException {
            if (tableName == null) {
                return -1;
            }
            byte[] b = bytes;
            int lim = b.length;
            int i = lineStart;
            Counters counters = null;
            if (b[i] == '[') {
                long packets = 0;
                int from = ++i;
                int c;
                while (i < lim && (c = b[i]) >= '0' && c <= '9') {
                    packets = packets * 10 + (c - '0');
                    i++;
                }
                if (i - from < 1 || i - from > 18 || i >= lim || b[i] != ':') {
                    return -1;
                }
                long byteCount = 0;
                from = ++i;
                while (i < lim && (c = b[i]) >= '0' && c <= '9') {
                    byteCount = byteCount * 10 + (c - '0');
                    i++;
                }
                if (i - from < 1 || i - from > 18 || i + 1 >= lim || b[i] != ']' || b[i + 1] != ' ') {
                    return -1;
                }
                counters = tokenizer.counters(packets, byteCount);
                i = skipSpaces(b, i + 1, lim);
            }
            if (i + 2 >= lim || b[i] != '-' || b[i + 1] != 'A' || b[i + 2] != ' ') {
                return -1;
            }
            int chainStart = skipSpaces(b, i + 3, lim);
            // iptables-save writes the rules chain after chain, in the order of the declarations
            // (and kube-proxy-like dumps interleave a few hot chains with that order)
            ChainBuilder chain = lastChain;
            i = chain == null ? -1 : chain.wordEnd(b, chainStart, lim);
            if (i < 0) {
                ChainBuilder next = chain == null ? null : chains.after(chain);
                i = next == null ? -1 : next.wordEnd(b, chainStart, lim);
                if (i < 0) {
                    next = previousChain == null ? null : chains.after(previousChain);
                    i = next == null ? -1 : next.wordEnd(b, chainStart, lim);
                    if (i < 0) {
                        i = plainEnd(b, chainStart, lim);
                        if (i <= chainStart) {
                            return -1;
                        }
                        chains.index(tableName);
                        next = chains.get(b, text, chainStart, i);
                        if (next == null) {
                            return -1;
                        }
                    }
                }
                previousChain = lastChain;
                lastChain = next;
                chain = next;
            }
            boolean negate = false;
            boolean hasTarget = false;
            boolean v4 = false;
            boolean v6 = false;
            while (true) {
                i = skipSpaces(b, i, lim);
                if (i >= lim || b[i] == '\n') {
                    break;
                }
                int word = i;
                if (b[word] == '!') {
                    if (!isBang(b, word, lim) || negate) {
                        return -1;
                    }
                    negate = true;
                    i = word + 1;
                    continue;
                }
                if (b[word] != '-') {
                    return -1;
                }
                int second = word + 1 < lim ? b[word + 1] & 0xFF : ' ';
                if (second <= ' ' || second == '"' || second >= '0' && second <= '9') {
                    return -1; // "-" alone, a quote, or a negative number: not an option here
                }
                int third = word + 2 < lim ? b[word + 2] : ' ';
                if (third == ' ' || third == '\n') {
                    i = word + 2;
                    switch (second) {
                        case 'p', 's', 'd', 'i', 'o' -> {
                            int v = skipSpaces(b, i, lim);
                            if (v < lim && isBang(b, v, lim)) { // old form: -s ! 10.0.0.0/8
                                v = skipSpaces(b, v + 1, lim);
                            }
                            i = valueEnd(b, v, lim);
                            if (i < 0) {
                                return -1;
                            }
                            if ((second == 's' || second == 'd') && family == Family.UNKNOWN) {
                                if (indexOf(b, (byte) ':', v, i) >= 0) {
                                    v6 = true;
                                } else {
                                    v4 = true;
                                }
                            }
                            negate = false;
                        }
                        case 'f' -> negate = false;
                        case 'm', 'j', 'g' -> {
                            if (second != 'm') {
                                if (hasTarget) {
                                    return -1;
                                }
                                hasTarget = true;
                            }
                            i = valueEnd(b, skipSpaces(b, i, lim), lim);
                            if (i < 0) {
                                return -1;
                            }
                        }
                        default -> {
                            return -1;
                        }
                    }
                    continue;
                }
                i = plainEnd(b, word + 2, lim);
                if (i < 0 || second != '-' || specialLongOption(b, word, i)) {
                    return -1;
                }
                // an option of a match module or of the target, and its values up to the next
                // option or '!' (a first '!' with a value after it negates the old way)
                negate = false;
                boolean first = true;
                while (true) {
                    int v = skipSpaces(b, i, lim);
                    if (v >= lim || b[v] == '\n') {
                        break;
                    }
                    if (isBang(b, v, lim)) {
                        int after = skipSpaces(b, v + 1, lim);
                        if (!first || after >= lim || b[after] == '\n' || isOption(b, after, lim)) {
                            break;
                        }
                        i = v + 1; // the '!' is taken; values follow up to an option or '!'
                        first = false;
                        continue;
                    } else if (isOption(b, v, lim)) {
                        break;
                    }
                    i = valueEnd(b, v, lim);
                    if (i < 0) {
                        return -1;
                    }
                    first = false;
                }
            }
            if (negate || i - lineStart > MAX_LINE_LENGTH) {
                return -1;
            }
            if (v4) {
                sawV4Address = true;
            }
            if (v6) {
                sawV6Address = true;
            }
            chain.rules.add(new IptablesRule(number, text, lineStart, i, chain.name, counters));
            return i;
        }

        /**
         * Reads a {@code :NAME POLICY [P:B]} line as iptables-save writes it, in one pass; returns
         * the index of the line's end when the chain was declared, or -1, having changed nothing,
         * for a line that needs the full checks of {@link #parseLine}.
         */
        private int fastChain(int lineStart, int number) {
            if (tableName == null) {
                return -1;
            }
            byte[] b = bytes;
            int lim = b.length;
            int nameStart = lineStart + 1;
            int nameEnd = plainEnd(b, nameStart, lim);
            if (nameEnd <= nameStart || nameEnd >= lim || b[nameEnd] != ' ') {
                return -1;
            }
            int policyStart = skipSpaces(b, nameEnd, lim);
            int i = plainEnd(b, policyStart, lim);
            if (i <= policyStart) {
                return -1;
            }
            int policyEnd = i;
            Counters counters = null;
            i = skipSpaces(b, i, lim);
            if (i < lim && b[i] != '\n') {
                if (b[i] != '[') {
                    return -1;
                }
                long packets = 0;
                int from = ++i;
                int c;
                while (i < lim && (c = b[i]) >= '0' && c <= '9') {
                    packets = packets * 10 + (c - '0');
                    i++;
                }
                if (i - from < 1 || i - from > 18 || i >= lim || b[i] != ':') {
                    return -1;
                }
                long byteCount = 0;
                from = ++i;
                while (i < lim && (c = b[i]) >= '0' && c <= '9') {
                    byteCount = byteCount * 10 + (c - '0');
                    i++;
                }
                if (i - from < 1 || i - from > 18 || i >= lim || b[i] != ']') {
                    return -1;
                }
                i = skipSpaces(b, i + 1, lim);
                if (i < lim && b[i] != '\n') {
                    return -1;
                }
                counters = tokenizer.counters(packets, byteCount);
            }
            if (i - lineStart > MAX_LINE_LENGTH) {
                return -1;
            }
            int hash = ChainIndex.hash(b, nameStart, nameEnd);
            String name = text.substring(nameStart, nameEnd);
            String policy = policy(policyStart, policyEnd);
            int at = exactBytes || indexOf(b, (byte) '?', nameStart, nameEnd) < 0 ? nameStart : -1;
            chains.add(name, at, hash, policy, counters, number);
            return i;
        }

        private String policy(int start, int end) {
            if (end - start == 1 && bytes[start] == '-') {
                return "-";
            }
            for (String p : POLICIES) {
                if (p.length() == end - start && text.startsWith(p, start)) {
                    return p;
                }
            }
            return text.substring(start, end);
        }

        private void noteAddress(boolean v6) {
            if (v6) {
                sawV6Address = true;
            } else {
                sawV4Address = true;
            }
        }
    }

    private static final String[] POLICIES = {"ACCEPT", "DROP"};

    /** The options that {@code Run.fastRule} leaves to the full checks. */
    private static final byte[][] SPECIAL_LONG_OPTIONS = {
        ascii("--protocol"), ascii("--source"), ascii("--src"), ascii("--destination"), ascii("--dst"),
        ascii("--in-interface"), ascii("--out-interface"), ascii("--fragment"), ascii("--match"), ascii("--jump"),
        ascii("--goto"), ascii("--set-counters")};

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bit n is set when one of {@link #SPECIAL_LONG_OPTIONS} has n characters. */
    private static final long SPECIAL_LENGTHS = specialLengths();

    private static long specialLengths() {
        long lengths = 0;
        for (byte[] o : SPECIAL_LONG_OPTIONS) {
            lengths |= 1L << o.length;
        }
        return lengths;
    }

    /** Whether the unquoted word [start, end) is a long option with a meaning of its own. */
    private static boolean specialLongOption(byte[] b, int start, int end) {
        int len = end - start;
        if (len >= 64 || (SPECIAL_LENGTHS >>> len & 1) == 0) {
            return false;
        }
        byte third = b[start + 2];
        for (byte[] o : SPECIAL_LONG_OPTIONS) {
            if (o.length == len && o[2] == third && Arrays.equals(b, start, end, o, 0, len)) {
                return true;
            }
        }
        return false;
    }

    /** Eight bytes at a time for the scanning loops (little-endian: the first byte is the lowest). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** The high bit of every byte of x that is 0 (exact for the lowest such byte, which is all that is used). */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** The high bit of the bytes that end an unquoted word: '"', blanks and control characters (exact for the lowest). */
    private static long wordEnds(long x) {
        return ((x - 0x2121212121212121L) & ~x & HIGHS) | zeroBytes(x ^ 0x2222222222222222L);
    }

    /** The high bit of the bytes that end a run of quoted text: '"', '\\' and '\n' (exact for the lowest). */
    private static long quotedEnds(long x) {
        return zeroBytes(x ^ 0x2222222222222222L) | zeroBytes(x ^ 0x5C5C5C5C5C5C5C5CL) | zeroBytes(x ^ 0x0A0A0A0A0A0A0A0AL);
    }

    /** The first index from i that is not inside an unquoted run of word characters. */
    private static int wordCharsEnd(byte[] b, int i, int lim) {
        for (int last = lim - 8; i <= last; i += 8) {
            long m = wordEnds((long) LONGS.get(b, i));
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        while (i < lim && (b[i] & 0xFF) > ' ' && b[i] != '"') {
            i++;
        }
        return i;
    }

    /** The first index from i of '"', '\\' or '\n', or lim. */
    private static int quotedCharsEnd(byte[] b, int i, int lim) {
        for (int last = lim - 8; i <= last; i += 8) {
            long m = quotedEnds((long) LONGS.get(b, i));
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        while (i < lim && b[i] != '"' && b[i] != '\\' && b[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int skipSpaces(byte[] b, int i, int lim) {
        while (i < lim && b[i] == ' ') {
            i++;
        }
        return i;
    }

    /** Whether a '!' word (unquoted, alone) starts at i. */
    private static boolean isBang(byte[] b, int i, int lim) {
        if (b[i] != '!') {
            return false;
        }
        if (i + 1 >= lim) {
            return true;
        }
        byte next = b[i + 1];
        return next == ' ' || next == '\n';
    }

    /**
     * Whether the word at i, which must not be empty, is an option: '-', then a character that is
     * not a digit. Only called where a quote in such a word makes the caller fall back.
     */
    private static boolean isOption(byte[] b, int i, int lim) {
        if (b[i] != '-' || i + 1 >= lim) {
            return false;
        }
        int second = b[i + 1] & 0xFF;
        return second > ' ' && !(second >= '0' && second <= '9');
    }

    /**
     * The end of an unquoted word that starts at i (maybe i itself): the next space, '\n' or end
     * of text; -1 when a quote or another control character comes first.
     */
    private static int plainEnd(byte[] b, int i, int lim) {
        i = wordCharsEnd(b, i, lim);
        if (i >= lim) {
            return i;
        }
        byte c = b[i];
        return c == ' ' || c == '\n' ? i : -1;
    }

    /**
     * The end of a value word that starts at i: one that is not an option, with quoted parts and
     * their escapes; -1 when there is no word, the word is an option or has a quote in an option's
     * form, a quote is not closed on the line, or a control character comes first.
     */
    private static int valueEnd(byte[] b, int i, int lim) {
        if (i >= lim) {
            return -1;
        }
        int c = b[i] & 0xFF;
        if (c == '-') {
            int end = plainEnd(b, i + 1, lim);
            if (end < 0 || end - i >= 2 && !(b[i + 1] >= '0' && b[i + 1] <= '9')) {
                return -1;
            }
            return end;
        }
        if (c == '\n' || c == ' ') {
            return -1;
        }
        while (true) {
            i = wordCharsEnd(b, i, lim);
            if (i >= lim) {
                return i;
            }
            c = b[i];
            if (c != '"') {
                return c == ' ' || c == '\n' ? i : -1;
            }
            i++;
            while (true) {
                i = quotedCharsEnd(b, i, lim);
                if (i >= lim) {
                    return -1;
                }
                c = b[i];
                if (c == '"') {
                    i++;
                    break;
                } else if (c == '\\' && i + 1 < lim && b[i + 1] != '\n') {
                    i += 2;
                } else {
                    return -1; // a line end inside quotes
                }
            }
        }
    }

    /** The matches, modules and target of a rule line that {@link #parse} accepted. */
    static IptablesRule.Details details(DumpText text, int start, int end, int number) {
        Tokenizer t = LAZY_TOKENIZER.get();
        try {
            String line = text.substring(start, end);
            int n = t.split(DumpText.of(line), DumpText.scanBytes(line), 0, line.length(), number);
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
        /**
         * Open addressing, a power of two in size and at most three quarters full: the key of a
         * chain's hash in the high half of a slot, its index in {@link #order} in the low half, 0
         * for a free slot (keys are never 0). One array, so that a probe touches one cache line.
         */
        private long[] slots = new long[128];
        private static final int RECENT_SIZE = 64; // power of two
        /** Chains found lately, by hash: a few chains take rules all through a kube-proxy dump. */
        private final ChainBuilder[] recent = new ChainBuilder[RECENT_SIZE];
        private int size;
        /** The chains from this one on are declared but not in the slots yet. */
        private int indexed;

        /** The chain declared after this one, or null. */
        ChainBuilder after(ChainBuilder b) {
            int k = b.index + 1;
            return k < size ? order[k] : null;
        }

        int size() {
            return size;
        }

        private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

        /**
         * A hash of the ISO-8859-1 bytes of the name (so '?' for characters past U+00FF), eight
         * at a time as {@link #hash(byte[], int, int)} takes them.
         */
        static int hash(String name) {
            int len = name.length();
            long h = len;
            int k = 0;
            for (; k + 8 <= len; k += 8) {
                long w = 0;
                for (int j = 7; j >= 0; j--) {
                    w = w << 8 | latin1(name.charAt(k + j));
                }
                h = (h + w) * MULTIPLIER;
            }
            long tail = 0;
            for (int j = len - 1; j >= k; j--) {
                tail = tail << 8 | latin1(name.charAt(j));
            }
            h = (h + tail) * MULTIPLIER;
            return (int) (h ^ h >>> 32);
        }

        private static int latin1(char c) {
            return c <= 0xFF ? c : '?';
        }

        static int hash(byte[] bytes, int start, int end) {
            long h = end - start;
            int k = start;
            for (int last = end - 8; k <= last; k += 8) {
                h = (h + (long) LONGS.get(bytes, k)) * MULTIPLIER;
            }
            long tail = 0;
            for (int j = end - 1; j >= k; j--) {
                tail = tail << 8 | bytes[j] & 0xFF;
            }
            h = (h + tail) * MULTIPLIER;
            return (int) (h ^ h >>> 32);
        }

        /** The key of a hash in the slots: mixed, and never 0. */
        private static int key(int hash) {
            int x = hash * 0x9E3779B9;
            x ^= x >>> 16;
            return x == 0 ? 1 : x;
        }

        /** The chain by name; only once {@link #index} has taken every declaration. */
        ChainBuilder get(String name) {
            int key = key(hash(name));
            long[] s = slots;
            int mask = s.length - 1;
            for (int k = key & mask;; k = (k + 1) & mask) {
                long slot = s[k];
                if (slot == 0) {
                    return null;
                }
                if ((int) (slot >>> 32) == key) {
                    ChainBuilder b = order[(int) slot];
                    if (b.name.equals(name)) {
                        return b;
                    }
                }
            }
        }

        /**
         * The chain named by an unquoted word of the text, or null; only once {@link #index} has
         * taken every declaration.
         */
        ChainBuilder get(byte[] bytes, DumpText text, int start, int end) {
            int h = hash(bytes, start, end);
            int r = h & (RECENT_SIZE - 1);
            ChainBuilder hot = recent[r];
            if (hot != null && hot.hash == h && hot.is(bytes, text, start, end)) {
                return hot;
            }
            int key = key(h);
            long[] s = slots;
            int mask = s.length - 1;
            for (int k = key & mask;; k = (k + 1) & mask) {
                long slot = s[k];
                if (slot == 0) {
                    return null;
                }
                if ((int) (slot >>> 32) == key) {
                    ChainBuilder b = order[(int) slot];
                    if (b.is(bytes, text, start, end)) {
                        recent[r] = b;
                        return b;
                    }
                }
            }
        }

        /**
         * Declares a chain after the others. Whether its name is new is found out by
         * {@link #index}: a kube-proxy dump declares hundreds of thousands of chains in one block,
         * which go into slots of the right size at once.
         */
        void add(String name, int nameStart, int hash, String policy, Counters counters, int line) {
            if (size == order.length) {
                order = Arrays.copyOf(order, size * 2);
            }
            order[size] = new ChainBuilder(name, nameStart, hash, policy.equals("-") ? null : policy, counters, line,
                    size);
            size++;
        }

        /**
         * Puts the chains declared since the last call into the slots. Must be called before any
         * look-up, before the table ends, and before the parse fails for any other reason: the
         * first name declared twice is an error at its line, which comes before the line that
         * needed the look-up.
         */
        void index(String tableName) throws NodeDataFormatException {
            if (indexed == size) {
                return;
            }
            int capacity = slots.length;
            while (capacity / 4 * 3 < size) {
                capacity <<= 1;
            }
            if (capacity != slots.length) {
                long[] bigger = new long[capacity];
                int mask = capacity - 1;
                for (long slot : slots) {
                    if (slot != 0) {
                        int k = (int) (slot >>> 32) & mask;
                        while (bigger[k] != 0) {
                            k = (k + 1) & mask;
                        }
                        bigger[k] = slot;
                    }
                }
                slots = bigger;
            }
            long[] s = slots;
            int mask = s.length - 1;
            for (int j = indexed; j < size; j++) {
                ChainBuilder b = order[j];
                int key = key(b.hash);
                int k = key & mask;
                for (long slot; (slot = s[k]) != 0; k = (k + 1) & mask) {
                    ChainBuilder earlier;
                    if ((int) (slot >>> 32) == key && (earlier = order[(int) slot]).name.equals(b.name)) {
                        throw new NodeDataFormatException(b.line, "chain " + b.name + " declared twice in table "
                                + tableName + " (first at line " + earlier.line + ")");
                    }
                }
                s[k] = (long) key << 32 | j;
                indexed = j + 1;
            }
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
            chains = new IptablesChain[index.size()];
        }

        /**
         * The chain declared k-th, made on first use. Two threads may both make it: the records
         * are equal and immutable, and their rule lists are complete before the map exists.
         */
        private IptablesChain chain(int k) {
            IptablesChain c = chains[k];
            if (c == null) {
                c = index.order[k].build();
                chains[k] = c;
            }
            return c;
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
            return b == null ? null : chain(b.index);
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
                                IptablesChain c = chain(next++);
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
        /**
         * Where the name is written in the text that is being parsed, or -1 when it was quoted or
         * holds a '?' (in the bytes a character past U+00FF is a '?' too).
         */
        private final int nameStart;
        final String policy;
        final Counters counters;
        final int line;
        final int hash;
        final int index;
        final List<IptablesRule> rules = new ArrayList<>();

        ChainBuilder(String name, int nameStart, int hash, String policy, Counters counters, int line, int index) {
            this.name = name;
            this.nameStart = nameStart;
            this.policy = policy;
            this.counters = counters;
            this.line = line;
            this.hash = hash;
            this.index = index;
        }

        /**
         * The end of the chain's name when the text holds it, unquoted, at i as a whole word (up
         * to a space, '\n' or the end of the text); -1 when it does not or the name is not a span
         * of the bytes.
         */
        int wordEnd(byte[] bytes, int i, int lim) {
            int at = nameStart;
            int end = i + name.length();
            if (at < 0 || end > lim || !Arrays.equals(bytes, i, end, bytes, at, at + name.length())) {
                return -1;
            }
            return end == lim || bytes[end] == ' ' || bytes[end] == '\n' ? end : -1;
        }

        /** Whether the unquoted word [start, end) of the text names this chain. */
        boolean is(byte[] bytes, DumpText text, int start, int end) {
            int len = end - start;
            if (len != name.length()) {
                return false;
            }
            int at = nameStart;
            return at >= 0 ? Arrays.equals(bytes, start, end, bytes, at, at + len) : text.startsWith(name, start);
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

        private DumpText line;
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
            int colon = indexOf(bytes, (byte) ':', start, end);
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
            return counters(packets, bytes);
        }

        /** The counters, shared: a dump repeats the same few ([0:0] above all); the records are immutable. */
        Counters counters(long packets, long bytes) {
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
        int split(DumpText text, byte[] b, int from, int length, int number) throws NodeDataFormatException {
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
                            + (quoteStart - lineStart(b, from) + 1) + ")");
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

    private static int lineStart(byte[] b, int from) {
        int k = from - 1;
        while (k >= 0 && b[k] != '\n') {
            k--;
        }
        return k + 1;
    }

    /** The first index of the byte in [from, to), or -1. */
    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] == c) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
