package io.kubetriage.core.node.netfilter.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.NodeFixtures;

class IpvsadmParserTest {

    private final IpvsadmParser parser = new IpvsadmParser();

    @Test
    void readsListOutput() throws Exception {
        IpvsTable table = parser.parseList(NodeFixtures.text("ipvsadm-Ln.txt"));
        assertEquals(IpvsTable.Format.LIST, table.format());
        assertEquals("1.2.1", table.version());
        assertEquals(7, table.services().size());
        VirtualService api = table.find(IpvsProtocol.TCP, "10.233.0.1", 443);
        assertEquals(4, api.lineNumber());
        assertEquals("rr", api.scheduler());
        assertEquals("TCP 10.233.0.1:443", api.key());
        RealServer rs = api.realServers().get(0);
        assertEquals("192.168.10.11:6443", rs.endpoint());
        assertEquals(ForwardMethod.MASQ, rs.forward());
        assertEquals(1, rs.weight());
        assertEquals(4, rs.activeConnections());
        assertEquals(0, rs.inactiveConnections());
        assertEquals(rs.raw(), table.line(rs.lineNumber()));

        VirtualService dnsUdp = table.find(IpvsProtocol.UDP, "10.233.0.3", 53);
        assertEquals(2, dnsUdp.realServers().size());
        assertEquals(12, dnsUdp.realServers().get(0).inactiveConnections());
        assertNull(table.find(IpvsProtocol.UDP, "10.233.0.1", 443));

        VirtualService web = table.find(IpvsProtocol.TCP, "10.233.40.7", 80);
        assertEquals(10800, web.persistenceTimeout());
        assertEquals(0, web.realServers().get(1).weight());

        VirtualService v6 = table.find(IpvsProtocol.TCP, "fd00:10:233:0::1", 443);
        assertNotNull(v6);
        assertEquals("[fd00:192:168:10::11]:6443", v6.realServers().get(0).endpoint());

        VirtualService fwm = table.services().get(6);
        assertEquals(IpvsProtocol.FWM, fwm.protocol());
        assertEquals(100, fwm.firewallMark());
        assertTrue(fwm.realServers().isEmpty());
        assertEquals(10, table.realServerCount());
    }

    @Test
    void saveFormatMatchesListFormat() throws Exception {
        IpvsTable list = parser.parse(NodeFixtures.text("ipvsadm-Ln.txt"));
        IpvsTable save = parser.parseSave(NodeFixtures.text("ipvsadm-save.txt"));
        assertEquals(IpvsTable.Format.SAVE, save.format());
        assertEquals(list.services().stream().map(VirtualService::key).toList(),
                save.services().stream().map(VirtualService::key).toList());
        for (int i = 0; i < list.services().size(); i++) {
            VirtualService a = list.services().get(i);
            VirtualService b = save.services().get(i);
            assertEquals(a.realServers().stream().map(r -> r.endpoint() + " " + r.forward() + " " + r.weight()).toList(),
                    b.realServers().stream().map(r -> r.endpoint() + " " + r.forward() + " " + r.weight()).toList());
            assertEquals(a.persistenceTimeout(), b.persistenceTimeout());
        }
        assertEquals(-1, save.services().get(0).realServers().get(0).activeConnections());
    }

    @Test
    void readsTheIncidentTable() throws Exception {
        IpvsTable table = parser.parse(NodeFixtures.text("ipvsadm-Ln-no-real-servers.txt"));
        assertEquals(5, table.services().size());
        assertTrue(table.services().stream().allMatch(s -> s.realServers().isEmpty()));
    }

    @Test
    void readsStatsAndProc() throws Exception {
        IpvsTable stats = parser.parse(NodeFixtures.text("ipvsadm-Ln-stats.txt"));
        VirtualService api = stats.services().get(0);
        assertNull(api.scheduler());
        assertEquals("12", api.columns().get("Conns"));
        assertEquals("98765", api.realServers().get(0).columns().get("OutBytes"));
        assertEquals(ForwardMethod.UNKNOWN, api.realServers().get(0).forward());

        IpvsTable proc = parser.parse(NodeFixtures.text("proc-net-ip_vs.txt"));
        assertEquals(IpvsTable.Format.PROC, proc.format());
        VirtualService p = proc.find(IpvsProtocol.TCP, "10.233.0.1", 443);
        assertEquals("192.168.10.11:6443", p.realServers().get(0).endpoint());
        assertEquals(List.of("10.233.64.5:53", "10.233.65.7:53"),
                proc.find(IpvsProtocol.UDP, "10.233.0.3", 53).realServers().stream().map(RealServer::endpoint).toList());
    }

    @Test
    void emptyInputIsAnEmptyTable() throws Exception {
        IpvsTable t = parser.parse("\n  \n");
        assertEquals(IpvsTable.Format.EMPTY, t.format());
        assertTrue(t.services().isEmpty());
    }

    @Test
    void malformedInputIsRefusedWithItsLine() {
        assertLine(4, "IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  10.233.0.1 rr\n");
        assertLine(1, "  -> 192.168.10.11:6443 Masq 1 0 0\n");                // real server first
        assertLine(1, "garbage here\n");
        assertLine(2, "TCP  10.233.0.1:443 rr\n  -> 192.168.10.11:6443 Masq one 0 0\n");
        assertLine(2, "TCP  10.233.0.1:443 rr\n  -> 192.168.10.11:6443 Teleport 1 0 0\n");
        assertLine(1, "TCP  kubernetes.default:https rr\n");                  // collected without -n
        assertLine(1, "TCP  [fd00::1:443 rr\n");
        assertLine(1, "-a -t 10.233.0.1:443 -r 192.168.10.11:6443 -m -w 1\n"); // server before service
        assertLine(2, "-A -t 10.233.0.1:443 -s rr\n-A -t 10.233.0.1:443 -s rr\n");
        assertLine(2, "-A -t 10.233.0.1:443 -s rr\n-Z\n");
        assertLine(1, "-A -s rr\n");
        // truncated in the middle of a line
        assertLine(2, "-A -t 10.233.0.1:443 -s rr\n-a -t 10.233.0.1:443 -r 192.168.10\n");
        NodeDataFormatException e = assertThrows(NodeDataFormatException.class,
                () -> parser.parseSave(NodeFixtures.text("ipvsadm-Ln.txt")));
        assertEquals(1, e.line());
    }

    @Test
    void aFileReadsAsItsTextAndKeepsEveryLine(@TempDir Path dir) throws Exception {
        String text = NodeFixtures.text("ipvsadm-Ln.txt").replace("\n", "\r\n");
        Path file = dir.resolve("ipvsadm.txt");
        Files.writeString(file, text);
        IpvsTable fromFile = parser.parse(file);
        IpvsTable fromText = parser.parse(text);
        assertEquals(fromText.services(), fromFile.services());
        assertEquals(fromText.lines(), fromFile.lines());
        assertEquals(fromText.realServerCount(), fromFile.realServerCount());
        RealServer rs = fromFile.services().get(0).realServers().get(0);
        assertEquals(fromFile.line(rs.lineNumber()), rs.raw());
        assertFalse(rs.raw().endsWith("\r"));
    }

    @Test
    void charactersBeyondTheBasicPlaneDoNotShiftTheColumns() throws Exception {
        // a surrogate pair is two characters; every line after it must still be read at its place
        IpvsTable t = parser.parse("IP Virtual Server version 1.2.1 (size=4096) \uD83D\uDE00\n"
                + "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
                + "TCP  10.96.0.1:443 rr\n  -> 10.0.0.1:6443 Masq 1 0 0\n"
                + "TCP  10.96.0.2:443 r\uD83D\uDE00r\n  -> 10.0.0.2:6443 Masq 1 0 0\n");
        assertEquals(2, t.services().size());
        assertEquals("10.0.0.2:6443", t.services().get(1).realServers().get(0).endpoint());
        assertEquals("r\uD83D\uDE00r", t.services().get(1).scheduler());
    }

    @Test
    void aServiceWithoutSchedulerHasNoneWhereverItIs() throws Exception {
        IpvsTable t = parser.parse("TCP  10.96.0.1:443 \nTCP  10.96.0.2:443 rr\nTCP  10.96.0.3:443 \n");
        assertNull(t.services().get(0).scheduler());
        assertEquals("rr", t.services().get(1).scheduler());
        assertNull(t.services().get(2).scheduler());
    }

    private void assertLine(int line, String text) {
        NodeDataFormatException e = assertThrows(NodeDataFormatException.class, () -> parser.parse(text), text);
        assertEquals(line, e.line(), e.getMessage());
    }
}
