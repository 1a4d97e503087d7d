package io.kubetriage.core.node.ipaddr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeDataFormatException;

/**
 * Reads the output of {@code ip -o addr show} (one address a line), e.g.
 * {@code 5: kube-ipvs0    inet 10.233.0.1/32 scope global kube-ipvs0\       valid_lft forever
 * preferred_lft forever}. Lines of {@code ip -o link} (no address family) are refused, so are
 * lines that do not start with {@code INDEX: NAME}. Instances hold no state.
 */
public final class IpAddrParser {

    public List<IpAddrRecord> parse(String text) throws NodeDataFormatException {
        Objects.requireNonNull(text, "text");
        List<IpAddrRecord> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            out.add(parseLine(line, i + 1));
        }
        return Collections.unmodifiableList(out);
    }

    private static IpAddrRecord parseLine(String line, int number) throws NodeDataFormatException {
        // everything after the backslash is lifetime information
        int backslash = line.indexOf('\\');
        String head = backslash >= 0 ? line.substring(0, backslash) : line;
        String[] w = head.strip().split("\\s+");
        if (w.length < 4 || !w[0].endsWith(":")) {
            throw new NodeDataFormatException(number, "expected 'INDEX: INTERFACE FAMILY ADDRESS/PREFIX ...' "
                    + "(ip -o addr show), found '" + shorten(line.strip()) + "'");
        }
        String indexText = w[0].substring(0, w[0].length() - 1);
        if (indexText.isEmpty() || indexText.length() > 9 || !indexText.chars().allMatch(Character::isDigit)) {
            throw new NodeDataFormatException(number, "expected an interface index before ':', found '"
                    + shorten(w[0]) + "'");
        }
        int index = Integer.parseInt(indexText);
        String name = w[1];
        if (name.endsWith(":")) {
            throw new NodeDataFormatException(number, "this is 'ip -o link' output; expected 'ip -o addr show'");
        }
        int at = name.indexOf('@');
        if (at > 0) {
            name = name.substring(0, at);
        }
        String family = w[2];
        if (!family.equals("inet") && !family.equals("inet6")) {
            throw new NodeDataFormatException(number, "expected the address family inet or inet6, found '"
                    + shorten(family) + "'");
        }
        String addressText = w[3];
        String peer = null;
        int k = 4;
        if (k + 1 < w.length && w[k].equals("peer")) {
            peer = w[k + 1];
            k += 2;
        }
        String prefixSource = peer != null && peer.indexOf('/') >= 0 ? peer : addressText;
        int slash = addressText.indexOf('/');
        String address = slash >= 0 ? addressText.substring(0, slash) : addressText;
        byte[] bytes = Cidr.parseAddress(address);
        if (bytes == null || (bytes.length == 4) != family.equals("inet")) {
            throw new NodeDataFormatException(number, "'" + shorten(address) + "' is not an " + family + " address");
        }
        int prefix = bytes.length * 8;
        int ps = prefixSource.indexOf('/');
        if (ps >= 0) {
            String p = prefixSource.substring(ps + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(p) > bytes.length * 8) {
                throw new NodeDataFormatException(number, "bad prefix length '" + shorten(p) + "'");
            }
            prefix = Integer.parseInt(p);
        }
        if (peer != null && peer.indexOf('/') >= 0) {
            peer = peer.substring(0, peer.indexOf('/'));
        }
        String scope = null;
        String label = null;
        List<String> flags = new ArrayList<>();
        for (; k < w.length; k++) {
            switch (w[k]) {
                case "scope" -> scope = k + 1 < w.length ? w[++k] : null;
                case "brd", "metric", "proto" -> k++;
                default -> flags.add(w[k]);
            }
        }
        // ip prints the label (the interface name, or name:alias) last for IPv4
        if (!flags.isEmpty() && family.equals("inet")) {
            String last = flags.get(flags.size() - 1);
            if (last.equals(name) || last.startsWith(name + ":")) {
                label = last;
                flags.remove(flags.size() - 1);
            }
        }
        return new IpAddrRecord(number, line, index, name, family, address, prefix, peer, scope, label, List.copyOf(flags));
    }

    /** Whether an interface holds an address, e.g. whether {@code kube-ipvs0} holds a ClusterIP. */
    public static boolean holds(List<IpAddrRecord> records, String interfaceName, String address) {
        for (IpAddrRecord r : records) {
            if (r.interfaceName().equals(interfaceName) && Cidr.sameAddress(r.address(), address)) {
                return true;
            }
        }
        return false;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
