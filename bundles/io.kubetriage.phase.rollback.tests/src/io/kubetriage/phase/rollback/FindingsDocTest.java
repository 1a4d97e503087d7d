package io.kubetriage.phase.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.FindingCatalog;

/** docs/findings.md lists every code the detectors publish, exactly as the catalogue says. */
class FindingsDocTest {

    static final String BEGIN = "<!-- catalogue:begin (generated from FindingCatalog; keep equal) -->\n";
    static final String END = "<!-- catalogue:end -->";

    @Test
    void theDocumentIsTheCatalogue() throws Exception {
        String doc = Files.readString(Repo.file("docs/findings.md"));
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/findings.md has the catalogue markers");
        FindingCatalog catalog = FindingCatalog.of(DiagnosisTest.all());
        assertEquals(catalog.markdown(), doc.substring(begin + BEGIN.length(), end),
                "docs/findings.md differs from FindingCatalog.markdown(); regenerate it");
    }

    @Test
    void everyCodeAFindingCanHaveIsCatalogued() {
        for (Detector d : DiagnosisTest.all()) {
            assertEquals(d.codes(), d.catalog().stream().map(FindingCatalog.Entry::code).toList(), d.toString());
            assertEquals(List.of("rollback"), List.of(d.phase()));
        }
        assertEquals(List.of("rollback.rollout-undo", "rollback.delete-stale-pods", "rollback.restart-control-plane",
                "rollback.proper-restore"), new RollbackFixes().fixIds());
        for (FindingCatalog.Entry e : FindingCatalog.of(DiagnosisTest.all()).entries()) {
            assertTrue(new RollbackFixes().fixIds().containsAll(e.fixes()), e.code() + " names a fix nobody plans");
        }
    }
}
