package io.kubetriage.core.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void parsesGoDurations() {
        assertEquals(Duration.ofSeconds(5), GoDuration.parse("5s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofMinutes(1), GoDuration.parse("1m"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofMillis(300), GoDuration.parse(".3s"));
        assertEquals(Duration.ofNanos(2_500), GoDuration.parse("2us500ns"));
        assertEquals(Duration.ofNanos(7_000), GoDuration.parse("7\u00B5s"));
        assertEquals(Duration.ofSeconds(-2), GoDuration.parse("-2s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
    }

    @Test
    void refusesWhatGoRefuses() {
        for (String bad : new String[] {"", "5", "s", "5 s", "5sec", "1.2.3s", "-", "5s3"}) {
            assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad), bad);
        }
    }

    @Test
    void formatsLikeGoAndReadsBack() {
        String[][] cases = {
                {"0s", "0s"}, {"5s", "5s"}, {"500ms", "500ms"}, {"1.5s", "1.5s"}, {"1m30s", "1m30s"},
                {"2h", "2h0m0s"}, {"61m", "1h1m0s"}, {"1500us", "1.5ms"}, {"999ns", "999ns"},
                {"2500ns", "2.5\u00B5s"}, {"-1m5s", "-1m5s"}};
        for (String[] c : cases) {
            Duration d = GoDuration.parse(c[0]);
            assertEquals(c[1], GoDuration.format(d), c[0]);
            assertEquals(d, GoDuration.parse(GoDuration.format(d)), c[0]);
        }
    }
}
