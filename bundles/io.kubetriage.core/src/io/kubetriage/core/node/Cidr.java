package io.kubetriage.core.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network written {@code ADDRESS/PREFIX} (a bare address is a /32 or /128).
 * Parsing never looks a name up: only literal addresses are accepted.
 */
public record Cidr(byte[] network, int prefixLength, String text) {

    public Cidr {
        network = network.clone();
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
    }

    /** Parses {@code 10.233.0.0/18}, {@code fd00::/108} or a bare address; null when it is not one. */
    public static Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return null;
        }
        int prefix = address.length * 8;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                // iptables-save writes netmasks as prefix lengths, except for non-contiguous ones
                byte[] mask = parseAddress(p);
                if (mask == null || mask.length != address.length) {
                    return null;
                }
                prefix = contiguousPrefix(mask);
                if (prefix < 0) {
                    return null;
                }
            } else {
                prefix = Integer.parseInt(p);
                if (prefix > address.length * 8) {
                    return null;
                }
            }
        }
        return new Cidr(address, prefix, text);
    }

    /** The bytes of a literal IPv4 or IPv6 address (brackets allowed), or null. */
    public static byte[] parseAddress(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.indexOf(':') >= 0) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return null; // zone ids and anything else: not a plain literal
                }
            }
            try {
                // a string with ':' is only ever parsed as an IPv6 literal, never looked up
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /** Whether the address (a literal) lies inside this network. */
    public boolean contains(String address) {
        byte[] a = parseAddress(address);
        return a != null && contains(a);
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    /**
     * A key equal for two non-null strings exactly when {@link #sameAddress} holds for them: the
     * address's bytes, or the text itself when it is not a literal address. For hash lookups of
     * addresses written in different ways ({@code fd00::1}, {@code fd00:0::1}).
     */
    public static String addressKey(String address) {
        byte[] bytes = parseAddress(address);
        return bytes == null ? "t" + address : "b" + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Whether two literal addresses are the same address (e.g. {@code fd00::1} and {@code fd00:0::1}). */
    public static boolean sameAddress(String a, String b) {
        byte[] x = parseAddress(a);
        byte[] y = parseAddress(b);
        return x != null && y != null ? Arrays.equals(x, y) : a != null && a.equals(b);
    }

    private static int contiguousPrefix(byte[] mask) {
        int prefix = 0;
        boolean zero = false;
        for (byte b : mask) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean set = (b >> bit & 1) == 1;
                if (set && zero) {
                    return -1;
                }
                if (set) {
                    prefix++;
                } else {
                    zero = true;
                }
            }
        }
        return prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public String toString() {
        return text;
    }
}
