package io.kubetriage.phase.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.test.support.SourceTree;

/**
 * docs/findings.md lists every code of this phase exactly as its catalogue says (the whole document
 * against every installed phase is checked by the command line's tests).
 */
class FindingsDocTest {

    static final String BEGIN = "<!-- catalogue:begin (generated from FindingCatalog; keep equal) -->\n";
    static final String END = "<!-- catalogue:end -->";

    @Test
    void theDocumentHasThisPhasesCatalogue() throws Exception {
        String doc = Files.readString(SourceTree.file("docs/findings.md"));
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/findings.md has the catalogue markers");
        String block = doc.substring(begin + BEGIN.length(), end);
        String[] sections = FindingCatalog.of(DiagnosisTest.all()).markdown().split("(?m)^(?=## )");
        assertEquals(6, sections.length, "KT-INTERNAL-001 and five rollback codes");
        for (String section : sections) {
            assertTrue(block.contains(section), "docs/findings.md lacks, or differs in:\n" + section);
        }
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
