package io.kubetriage.core.node.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.NodeFixtures;

class IpAddrParserTest {

    private final IpAddrParser parser = new IpAddrParser();

    @Test
    void readsAddressesIncludingKubeIpvs0() throws Exception {
        List<IpAddrRecord> records = parser.parse(NodeFixtures.text("ip-addr.txt"));
        assertEquals(9, records.size());
        IpAddrRecord lo = records.get(0);
        assertEquals(1, lo.interfaceIndex());
        assertEquals("127.0.0.1/8", lo.cidr());
        assertEquals("host", lo.scope());
        assertEquals("lo", lo.label());
        IpAddrRecord ipvs = records.get(4);
        assertEquals("kube-ipvs0", ipvs.interfaceName());
        assertEquals("inet", ipvs.family());
        assertEquals("10.233.0.1", ipvs.address());
        assertEquals(32, ipvs.prefixLength());
        assertEquals(5, ipvs.lineNumber());
        IpAddrRecord cali = records.get(8);
        assertEquals("cali3f2b1c9d8e7", cali.interfaceName());
        assertEquals("inet6", cali.family());
        assertEquals(64, cali.prefixLength());
        assertNull(cali.label());
        assertTrue(IpAddrParser.holds(records, "kube-ipvs0", "10.233.0.3"));
        assertFalse(IpAddrParser.holds(records, "kube-ipvs0", "10.233.0.99"));
    }

    @Test
    void readsPeerAndSecondary() throws Exception {
        IpAddrRecord r = parser.parse("9: tun0    inet 10.8.0.1 peer 10.8.0.2/32 scope global secondary tun0\\ valid_lft forever\n").get(0);
        assertEquals("10.8.0.1", r.address());
        assertEquals("10.8.0.2", r.peer());
        assertEquals(32, r.prefixLength());
        assertEquals(List.of("secondary"), r.flags());
    }

    @Test
    void emptyIsNoAddressAndGarbageIsRefused() throws Exception {
        assertTrue(parser.parse("").isEmpty());
        assertLine(1, "garbage\n");
        assertLine(2, "1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,MULTICAST,UP> mtu 1500\n");
        assertLine(1, "x: lo    inet 127.0.0.1/8 scope host lo\n");
        assertLine(1, "1: lo    inet 127.0.0.300/8 scope host lo\n");
        assertLine(1, "1: lo    inet 127.0.0.1/99 scope host lo\n");
        assertLine(1, "1: lo    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
        assertLine(1, "1: lo    inet"); // truncated
    }

    private void assertLine(int line, String text) {
        NodeDataFormatException e = assertThrows(NodeDataFormatException.class, () -> parser.parse(text), text);
        assertEquals(line, e.line(), e.getMessage());
    }
}
