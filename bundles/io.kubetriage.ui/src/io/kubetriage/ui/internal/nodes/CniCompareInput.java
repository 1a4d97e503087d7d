package io.kubetriage.ui.internal.nodes;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.compare.CompareConfiguration;
import org.eclipse.compare.CompareEditorInput;
import org.eclipse.compare.CompareUI;
import org.eclipse.compare.IEncodedStreamContentAccessor;
import org.eclipse.compare.ITypedElement;
import org.eclipse.compare.structuremergeviewer.DiffNode;
import org.eclipse.compare.structuremergeviewer.Differencer;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IWorkbenchPage;

/** One CNI file of two nodes side by side, read-only: this node on the left, the other on the right. */
final class CniCompareInput extends CompareEditorInput {

    /** One side: its label above the pane, and its text (a note when the node lacks the file). */
    record Side(String label, String text) {
    }

    private final Side left;
    private final Side right;

    CniCompareInput(String title, Side left, Side right) {
        super(configuration(left, right));
        this.left = left;
        this.right = right;
        setTitle(title);
    }

    /** Opens the compare editor, showing the editor area if the layout hides it. */
    static CniCompareInput open(IWorkbenchPage page, String title, Side left, Side right) {
        CniCompareInput input = new CniCompareInput(title, left, right);
        if (!page.isEditorAreaVisible()) {
            page.setEditorAreaVisible(true);
        }
        CompareUI.openCompareEditorOnPage(input, page);
        return input;
    }

    private static CompareConfiguration configuration(Side left, Side right) {
        CompareConfiguration configuration = new CompareConfiguration();
        configuration.setLeftEditable(false);
        configuration.setRightEditable(false);
        configuration.setProperty(CompareConfiguration.MIRRORED, Boolean.FALSE);
        configuration.setLeftLabel(left.label());
        configuration.setRightLabel(right.label());
        return configuration;
    }

    @Override
    protected Object prepareInput(IProgressMonitor monitor) {
        return new DiffNode(null, Differencer.CHANGE, null, new Element(left), new Element(right));
    }

    private static final class Element implements ITypedElement, IEncodedStreamContentAccessor {
        private final Side side;

        Element(Side side) {
            this.side = side;
        }

        @Override
        public String getName() {
            return side.label();
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public String getType() {
            return ITypedElement.TEXT_TYPE;
        }

        @Override
        public InputStream getContents() {
            return new ByteArrayInputStream(side.text().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String getCharset() {
            return StandardCharsets.UTF_8.name();
        }
    }
}
