package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.cli.internal.ExitCode;
import io.kubetriage.test.support.FreePorts;
import io.kubetriage.test.support.etcd.EtcdServerExtension;

/** {@code etcd status} against a real etcd (Debian etcd-server) that the extension starts. */
class EtcdStatusCommandTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    @TempDir
    Path home;

    @Test
    void showsTheMemberAsLeaderWithItsVersionAndRevision() throws Exception {
        ETCD.etcdctl("put", "/registry/test/a", "1");
        ETCD.etcdctl("put", "/registry/test/a", "2");
        CliRun r = CliRun.run(Map.of(), home, "etcd", "status", "--endpoints", ETCD.clientEndpoint().toString());

        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].startsWith("ENDPOINT"), lines[0]);
        assertTrue(lines[1].startsWith(ETCD.clientEndpoint().toString()), lines[1]);
        assertTrue(lines[1].matches(".*\\s3\\.4\\.\\d+\\s.*"), "version 3.4.x: " + lines[1]);
        assertTrue(lines[1].contains(" true "), "the only member leads: " + lines[1]);
    }

    @Test
    void jsonRevisionFollowsThePutsAndEnvironmentGivesTheEndpoint() throws Exception {
        Map<String, String> env = Map.of("ETCDCTL_ENDPOINTS", ETCD.clientEndpoint().toString());
        long before = revision(CliRun.run(env, home, "etcd", "status", "-o", "json").out());
        ETCD.etcdctl("put", "/registry/test/b", "x");
        ETCD.etcdctl("put", "/registry/test/c", "y");
        CliRun after = CliRun.run(env, home, "etcd", "status", "-o", "json");
        assertEquals(ExitCode.OK, after.exitCode(), after.err());
        assertEquals(before + 2, revision(after.out()), after.out());
        assertTrue(after.out().contains("\"failures\": []"), after.out());
    }

    @Test
    void aDeadEndpointIsReportedAndTheLiveOneStillShown() throws Exception {
        String dead = "http://127.0.0.1:" + FreePorts.find();
        CliRun r = CliRun.run(Map.of(), home, "etcd", "status", "--dial-timeout", "2s",
                "--endpoints", ETCD.clientEndpoint() + "," + dead);
        assertEquals(ExitCode.FINDINGS, r.exitCode());
        assertTrue(r.out().contains(ETCD.clientEndpoint().toString()), r.out());
        assertTrue(r.err().contains(dead), r.err());
    }

    @Test
    void onlyDeadEndpointsIsAnErrorWithTheReason() throws Exception {
        String dead = "http://127.0.0.1:" + FreePorts.find();
        CliRun r = CliRun.run(Map.of(), home, "etcd", "status", "--dial-timeout", "2s", "--endpoints", dead);
        assertEquals(ExitCode.FINDINGS, r.exitCode());
        assertFalse(r.err().isBlank());
        assertTrue(r.err().startsWith("error: "), r.err());
    }

    private static long revision(String json) {
        Matcher m = Pattern.compile("\"revision\": (\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }
}
