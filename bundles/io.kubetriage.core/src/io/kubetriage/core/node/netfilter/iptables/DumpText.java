package io.kubetriage.core.node.netfilter.iptables;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The text of a dump, kept as evidence: a string, or the bytes of a file that holds only ASCII.
 * In the second case the file is never decoded as a whole; a line becomes a string when asked for
 * (a kube-proxy dump has a million lines, of which a check shows a few).
 */
final class DumpText {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The ASCII bytes, or null when the text was given as a string. */
    private final byte[] ascii;
    private volatile String string;

    private DumpText(String string, byte[] ascii) {
        this.string = string;
        this.ascii = ascii;
    }

    static DumpText of(String text) {
        return new DumpText(text, null);
    }

    /** The text of bytes that {@link #isAscii} accepted; the array must not change afterwards. */
    static DumpText ofAscii(byte[] bytes) {
        return new DumpText(null, bytes);
    }

    /** Whether every byte is ASCII, so that the bytes decode the same as UTF-8 and as ISO-8859-1. */
    static boolean isAscii(byte[] bytes) {
        long seen = 0;
        long seen2 = 0;
        int i = 0;
        for (int last = bytes.length - 32; i <= last; i += 32) {
            seen |= (long) LONGS.get(bytes, i) | (long) LONGS.get(bytes, i + 8);
            seen2 |= (long) LONGS.get(bytes, i + 16) | (long) LONGS.get(bytes, i + 24);
        }
        seen |= seen2;
        for (int last = bytes.length - 8; i <= last; i += 8) {
            seen |= (long) LONGS.get(bytes, i);
        }
        for (; i < bytes.length; i++) {
            seen |= bytes[i];
        }
        return (seen & 0x8080808080808080L) == 0;
    }

    int length() {
        return ascii != null ? ascii.length : string.length();
    }

    char charAt(int index) {
        return ascii != null ? (char) ascii[index] : string.charAt(index);
    }

    String substring(int start, int end) {
        if (ascii != null) {
            if (start < 0 || end > ascii.length || start > end) {
                throw new StringIndexOutOfBoundsException("begin " + start + ", end " + end + ", length " + ascii.length);
            }
            return new String(ascii, start, end - start, StandardCharsets.ISO_8859_1);
        }
        return string.substring(start, end);
    }

    /** Whether the text holds the string at that position. */
    boolean startsWith(String s, int at) {
        if (ascii == null) {
            return string.startsWith(s, at);
        }
        int len = s.length();
        if (at < 0 || at > ascii.length - len) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (ascii[at + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The whole text (made once, on first use, when the text is kept as bytes). */
    String text() {
        String s = string;
        if (s == null) {
            s = new String(ascii, StandardCharsets.ISO_8859_1);
            string = s;
        }
        return s;
    }
}
