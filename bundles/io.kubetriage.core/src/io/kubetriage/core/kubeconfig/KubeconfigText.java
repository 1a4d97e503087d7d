package io.kubetriage.core.kubeconfig;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Turns the bytes of a kubeconfig file into text, refusing anything that is not UTF-8 YAML text
 * with a message that says where the bad bytes are, rather than letting the YAML reader fail with
 * a low-level error.
 */
final class KubeconfigText {

    private KubeconfigText() {
    }

    /** Decodes strict UTF-8. */
    static String decode(byte[] bytes, Path file) throws KubeconfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never needs more chars than bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new KubeconfigException(file, lineAtByte(bytes, offset),
                    "the file is not UTF-8 text (invalid byte 0x"
                            + String.format("%02X", bytes[Math.min(offset, bytes.length - 1)] & 0xFF)
                            + " at byte offset " + offset + ")");
        }
        if (result.isOverflow()) {
            throw new IllegalStateException("UTF-8 decoding needed more room than the input size");
        }
        out.flip();
        // A leading byte order mark is kept: the YAML reader skips it.
        return out.toString();
    }

    /**
     * Rejects characters that YAML does not allow in a document, which in practice means the file
     * is binary (an archive, a key store, a truncated download).
     */
    static void requirePrintable(String text, Path file) throws KubeconfigException {
        int line = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == '\n') {
                line++;
            } else if (!isYamlPrintable(c)) {
                throw new KubeconfigException(file, line, String.format(
                        "the file contains binary data (character U+%04X); a kubeconfig must be YAML text",
                        c));
            }
            i += Character.charCount(c);
        }
    }

    // The printable set of YAML 1.1, which the YAML reader enforces.
    private static boolean isYamlPrintable(int c) {
        return c == '\t' || c == '\n' || c == '\r'
                || (c >= 0x20 && c <= 0x7E)
                || c == 0x85
                || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static int lineAtByte(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
