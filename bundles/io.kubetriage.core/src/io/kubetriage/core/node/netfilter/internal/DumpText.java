package io.kubetriage.core.node.netfilter.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The text of a dump, kept as evidence: a string, or the bytes of a file that holds only ASCII.
 * In the second case the file is never decoded as a whole; a line becomes a string when asked for
 * (a kube-proxy dump has a million lines, of which a check shows a few).
 *
 * <p>Parsers scan {@link #scanBytes()}: one byte per character of the text, at the same index.
 */
public final class DumpText {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The ASCII bytes, or null when the text was given as a string. */
    private final byte[] ascii;
    private volatile String string;

    private DumpText(String string, byte[] ascii) {
        this.string = string;
        this.ascii = ascii;
    }

    public static DumpText of(String text) {
        return new DumpText(Objects.requireNonNull(text, "text"), null);
    }

    /** The text of bytes that {@link #isAscii} accepted; the array must not change afterwards. */
    public static DumpText ofAscii(byte[] bytes) {
        return new DumpText(null, bytes);
    }

    /**
     * The text of a UTF-8 file, refusing malformed UTF-8 as a reader of the file does
     * ({@link java.nio.charset.MalformedInputException}); an all-ASCII file stays bytes.
     */
    public static DumpText read(Path file) throws IOException {
        byte[] data = Files.readAllBytes(Objects.requireNonNull(file, "file"));
        if (isAscii(data)) {
            return ofAscii(data);
        }
        return of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString());
    }

    /** The text of a reader, read to its end; the reader is not closed. */
    public static DumpText read(Reader reader) throws IOException {
        StringWriter text = new StringWriter();
        reader.transferTo(text);
        return of(text.toString());
    }

    /** Whether every byte is ASCII, so that the bytes decode the same as UTF-8 and as ISO-8859-1. */
    public static boolean isAscii(byte[] bytes) {
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

    /**
     * One byte per character of a string, at the same index: the character itself up to U+00FF,
     * else '?' (so a scanner that meets a '?' must look at the text before deciding anything).
     * Unlike {@code getBytes(ISO_8859_1)}, a surrogate pair becomes two bytes, not one.
     */
    public static byte[] scanBytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length == s.length()) {
            return b;
        }
        b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            b[i] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return b;
    }

    /** Whether the text is kept as its ASCII bytes, so that {@link #scanBytes()} is the text itself. */
    public boolean isBytes() {
        return ascii != null;
    }

    /**
     * The bytes to scan, as {@link #scanBytes(String)} gives them: the kept bytes themselves, or
     * made anew from the string on each call.
     */
    public byte[] scanBytes() {
        return ascii != null ? ascii : scanBytes(string);
    }

    public int length() {
        return ascii != null ? ascii.length : string.length();
    }

    public char charAt(int index) {
        return ascii != null ? (char) ascii[index] : string.charAt(index);
    }

    public String substring(int start, int end) {
        if (ascii != null) {
            if (start < 0 || end > ascii.length || start > end) {
                throw new StringIndexOutOfBoundsException("begin " + start + ", end " + end + ", length " + ascii.length);
            }
            return new String(ascii, start, end - start, StandardCharsets.ISO_8859_1);
        }
        return string.substring(start, end);
    }

    /** Whether the text holds the string at that position. */
    public boolean startsWith(String s, int at) {
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
    public String text() {
        String s = string;
        if (s == null) {
            s = new String(ascii, StandardCharsets.ISO_8859_1);
            string = s;
        }
        return s;
    }
}
