package io.kubetriage.ui.internal.compare;

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
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IWorkbenchPage;

import io.kubetriage.ui.internal.Images;

/**
 * Two texts side by side in a read-only compare editor, the older one on the left: two revisions of
 * an etcd key, an object now and in a backup, the same CNI file on two nodes.
 */
public final class TextCompareInput extends CompareEditorInput {

    private final Side left;
    private final Side right;
    private final String tooltip;

    /**
     * @param title the editor's title
     * @param left  the older version, shown on the left; {@code right} the newer one
     */
    public TextCompareInput(String title, String tooltip, Side left, Side right) {
        super(configuration(left, right));
        this.left = left;
        this.right = right;
        this.tooltip = tooltip;
        setTitle(title);
    }

    /** One side: its label above the pane, and its text (a note when the object is absent on that side). */
    public record Side(String label, String text) {
    }

    /** Opens the editor, showing the editor area if the layout hides it. */
    public static TextCompareInput open(IWorkbenchPage page, String title, String tooltip, Side left, Side right) {
        TextCompareInput input = new TextCompareInput(title, tooltip, left, right);
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
        // older on the left, newer on the right, whatever the compare preference says
        configuration.setProperty(CompareConfiguration.MIRRORED, Boolean.FALSE);
        configuration.setLeftLabel(left.label());
        configuration.setRightLabel(right.label());
        return configuration;
    }

    @Override
    protected Object prepareInput(IProgressMonitor monitor) {
        return new DiffNode(null, Differencer.CHANGE, null, new Text(left), new Text(right));
    }

    @Override
    public String getToolTipText() {
        return tooltip != null ? tooltip : getTitle();
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return Images.descriptor(Images.COMPARE);
    }

    @Override
    public Image getTitleImage() {
        Image image = Images.get(Images.COMPARE);
        return image != null ? image : super.getTitleImage();
    }

    private static final class Text implements ITypedElement, IEncodedStreamContentAccessor {
        private final Side side;

        Text(Side side) {
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
