package io.kubetriage.ui.internal.snapshots;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.eclipse.compare.CompareConfiguration;
import org.eclipse.compare.CompareEditorInput;
import org.eclipse.compare.IEncodedStreamContentAccessor;
import org.eclipse.compare.INavigatable;
import org.eclipse.compare.ITypedElement;
import org.eclipse.compare.structuremergeviewer.DiffNode;
import org.eclipse.compare.structuremergeviewer.DiffTreeViewer;
import org.eclipse.compare.structuremergeviewer.Differencer;
import org.eclipse.compare.structuremergeviewer.IDiffContainer;
import org.eclipse.compare.structuremergeviewer.IDiffElement;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.viewers.AbstractTreeViewer;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import io.kubetriage.core.snapshot.ChangeKind;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.diff.DiffOptions;
import io.kubetriage.core.snapshot.diff.ObjectChange;
import io.kubetriage.core.snapshot.diff.SnapshotDiff;
import io.kubetriage.core.snapshot.diff.YamlRendering;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.ui.internal.TestIds;

/**
 * Two snapshots side by side in a compare editor: the older one ("before") on the left, the newer
 * one on the right. The tree lists the objects that differ, by kind and then namespace, each with
 * how it changed; the text pane shows the selected object's YAML on both sides with the differences
 * marked. Check buttons above leave the noise (status, resourceVersion, timestamps, generation) out
 * of both the comparison and the YAML, or put it back.
 */
public final class SnapshotCompareInput extends CompareEditorInput {

    public static final String TREE_ID = SnapshotCompareIds.TREE;
    public static final String SUMMARY_ID = SnapshotCompareIds.SUMMARY;
    public static final String HIDE_STATUS_ID = SnapshotCompareIds.HIDE_STATUS;
    public static final String HIDE_RESOURCE_VERSION_ID = SnapshotCompareIds.HIDE_RESOURCE_VERSION;
    public static final String HIDE_TIMESTAMPS_ID = SnapshotCompareIds.HIDE_TIMESTAMPS;
    public static final String HIDE_GENERATION_ID = SnapshotCompareIds.HIDE_GENERATION;

    private static final String SEPARATOR = SnapshotCompareIds.SEPARATOR;
    private static final String NO_DIFFERENCES = SnapshotCompareIds.NO_DIFFERENCES;

    private final SnapshotEntry beforeEntry;
    private final SnapshotEntry afterEntry;
    private final DiffNode root = new DiffNode(Differencer.NO_CHANGE);

    private volatile Snapshot before;
    private volatile Snapshot after;
    private volatile DiffOptions options = DiffOptions.NOISE_HIDDEN;
    private volatile List<ObjectChange> changes = List.of();

    private DiffTreeViewer tree;
    private Label summary;
    private Button hideStatus;
    private Button hideResourceVersion;
    private Button hideTimestamps;
    private Button hideGeneration;

    /** @param before the older snapshot, shown on the left; {@code after} the newer one */
    public SnapshotCompareInput(SnapshotEntry before, SnapshotEntry after) {
        super(configuration(before, after));
        this.beforeEntry = before;
        this.afterEntry = after;
        setTitle(before.name() + " ↔ " + after.name());
    }

    private static CompareConfiguration configuration(SnapshotEntry before, SnapshotEntry after) {
        CompareConfiguration configuration = new CompareConfiguration();
        configuration.setLeftEditable(false);
        configuration.setRightEditable(false);
        // before on the left, after on the right, whatever the compare preference says
        configuration.setProperty(CompareConfiguration.MIRRORED, Boolean.FALSE);
        configuration.setLeftLabel("Before: " + describe(before));
        configuration.setRightLabel("After: " + describe(after));
        return configuration;
    }

    private static String describe(SnapshotEntry entry) {
        return entry.isReadable() ? entry.name() + " · " + SnapshotLabels.time(entry.manifest().captureStart())
                : entry.name();
    }

    public SnapshotEntry beforeEntry() {
        return beforeEntry;
    }

    public SnapshotEntry afterEntry() {
        return afterEntry;
    }

    /** The options of the comparison shown. */
    public DiffOptions options() {
        return options;
    }

    /** The differences shown. */
    public List<ObjectChange> changes() {
        return changes;
    }

    @Override
    public String getToolTipText() {
        return "Compare " + describe(beforeEntry) + " (" + beforeEntry.file() + ") with " + describe(afterEntry)
                + " (" + afterEntry.file() + ")";
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return SnapshotImages.descriptor(SnapshotImages.COMPARE);
    }

    @Override
    public Image getTitleImage() {
        Image image = SnapshotImages.get(SnapshotImages.COMPARE);
        return image != null ? image : super.getTitleImage();
    }

    /** Reads both snapshots whole (in the compare framework's thread) and compares them. */
    @Override
    protected Object prepareInput(IProgressMonitor monitor) throws InvocationTargetException, InterruptedException {
        SubMonitor progress = SubMonitor.convert(monitor, "Comparing snapshots", 5);
        progress.subTask("Reading " + beforeEntry.name());
        before = read(beforeEntry);
        progress.worked(2);
        if (progress.isCanceled()) {
            throw new InterruptedException();
        }
        progress.subTask("Reading " + afterEntry.name());
        after = read(afterEntry);
        progress.worked(2);
        if (progress.isCanceled()) {
            throw new InterruptedException();
        }
        progress.subTask("Comparing " + before.objectCount() + " and " + after.objectCount() + " objects");
        changes = SnapshotDiff.compare(before, after, options);
        rebuild();
        progress.worked(1);
        return root;
    }

    private static Snapshot read(SnapshotEntry entry) throws InvocationTargetException {
        try {
            return SnapshotStore.read(entry.file());
        } catch (SnapshotFormatException e) {
            throw new InvocationTargetException(e, e.getMessage());
        } catch (IOException e) {
            IOException plain = new IOException(
                    "Could not read " + entry.file() + ": " + SnapshotLibrary.describe(e), e);
            throw new InvocationTargetException(plain, plain.getMessage());
        }
    }

    /** The tree of changes under the root: kind, then namespace (cluster-scoped objects right under their kind). */
    private void rebuild() {
        for (IDiffElement child : root.getChildren()) {
            root.remove(child);
        }
        TreeMap<String, TreeMap<String, List<ObjectChange>>> byKind = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (ObjectChange change : changes) {
            ObjectKey key = change.key();
            String kind = key.kind() + (key.group().isEmpty() ? "" : "." + key.group());
            byKind.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(key.namespace(), n -> new ArrayList<>())
                    .add(change);
        }
        DiffOptions shown = options;
        byKind.forEach((kind, byNamespace) -> {
            int count = byNamespace.values().stream().mapToInt(List::size).sum();
            GroupNode kindNode = new GroupNode(kind + " (" + count + ")", SnapshotImages.OBJECT);
            root.add(kindNode);
            byNamespace.forEach((namespace, list) -> {
                IDiffContainer parent = kindNode;
                if (!namespace.isEmpty()) {
                    GroupNode namespaceNode = new GroupNode(namespace + " (" + list.size() + ")", SnapshotImages.FOLDER);
                    kindNode.add(namespaceNode);
                    parent = namespaceNode;
                }
                for (ObjectChange change : list) {
                    parent.add(new ChangeNode(change, shown));
                }
            });
        });
        if (changes.isEmpty()) {
            root.add(new MessageNode(shown));
        }
    }

    private Map<ChangeKind, Integer> counts() {
        Map<ChangeKind, Integer> counts = new EnumMap<>(ChangeKind.class);
        changes.forEach(c -> counts.merge(c.kind(), 1, Integer::sum));
        return counts;
    }

    // ---------------------------------------------------------------- controls

    /** The noise check buttons and the summary above the compare panes. */
    @Override
    public Control createContents(Composite parent) {
        Composite area = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 4).applyTo(area);

        Composite bar = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(6).margins(6, 4).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        Label leaveOut = new Label(bar, SWT.NONE);
        leaveOut.setText("Leave out:");
        hideStatus = toggle(bar, "&status", HIDE_STATUS_ID, options.ignoreStatus(),
                "Leave the status of each object out of the comparison");
        hideResourceVersion = toggle(bar, "&resourceVersion", HIDE_RESOURCE_VERSION_ID,
                options.ignoreResourceVersion(),
                "Leave metadata.resourceVersion out (a resourceVersion that went back is reported all the same)");
        hideTimestamps = toggle(bar, "&timestamps", HIDE_TIMESTAMPS_ID, options.ignoreTimestamps(),
                "Leave out managedFields and the condition and heartbeat times (creationTimestamp is kept)");
        hideGeneration = toggle(bar, "&generation", HIDE_GENERATION_ID, options.ignoreGeneration(),
                "Leave out metadata.generation and status.observedGeneration");
        summary = new Label(bar, SWT.NONE);
        summary.setData(TestIds.KEY, SUMMARY_ID);
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.END, SWT.CENTER).indent(16, 0).applyTo(summary);
        updateSummary();

        Control panes = super.createContents(area);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(panes);
        return area;
    }

    private Button toggle(Composite bar, String text, String id, boolean checked, String tooltip) {
        Button button = new Button(bar, SWT.CHECK);
        button.setText(text);
        button.setToolTipText(tooltip);
        button.setSelection(checked);
        button.setData(TestIds.KEY, id);
        button.addListener(SWT.Selection, e -> setOptions(new DiffOptions(hideStatus.getSelection(),
                hideResourceVersion.getSelection(), hideTimestamps.getSelection(), hideGeneration.getSelection())));
        return button;
    }

    /** The structure tree, with a test id, every level open, and the text shown for each selected object. */
    @Override
    public Viewer createDiffViewer(Composite parent) {
        DiffTreeViewer viewer = new DiffTreeViewer(parent, getCompareConfiguration());
        viewer.getControl().setData(TestIds.KEY, TREE_ID);
        viewer.setAutoExpandLevel(AbstractTreeViewer.ALL_LEVELS);
        viewer.addSelectionChangedListener(e -> {
            // Show the texts on selection, not only on a double click or Enter.
            if (e.getStructuredSelection().size() == 1 && e.getStructuredSelection().getFirstElement() instanceof ChangeNode
                    && viewer.getControl().getData(INavigatable.NAVIGATOR_PROPERTY) instanceof INavigatable navigator) {
                navigator.openSelectedChange();
            }
        });
        tree = viewer;
        return viewer;
    }

    /** Compares again with other options and shows the result, keeping the selected object when it is still listed. */
    public void setOptions(DiffOptions newOptions) {
        if (newOptions.equals(options) || before == null || after == null) {
            return;
        }
        options = newOptions;
        syncToggles();
        Control control = tree == null ? null : tree.getControl();
        Runnable recompute = () -> {
            changes = SnapshotDiff.compare(before, after, newOptions);
            rebuild();
        };
        if (control == null || control.isDisposed()) {
            recompute.run();
            return;
        }
        ObjectKey selected = tree.getStructuredSelection().getFirstElement() instanceof ChangeNode node
                ? node.change().key() : null;
        BusyIndicator.showWhile(control.getDisplay(), recompute);
        tree.setInput(root);
        tree.expandAll();
        updateSummary();
        ChangeNode again = selected == null ? null : find(root, selected);
        if (again != null) {
            tree.setSelection(new StructuredSelection(again), true);
        } else if (control.getData(INavigatable.NAVIGATOR_PROPERTY) instanceof INavigatable navigator) {
            tree.setSelection(StructuredSelection.EMPTY);
            navigator.selectChange(INavigatable.FIRST_CHANGE);
        }
    }

    private void syncToggles() {
        if (hideStatus != null && !hideStatus.isDisposed()) {
            hideStatus.setSelection(options.ignoreStatus());
            hideResourceVersion.setSelection(options.ignoreResourceVersion());
            hideTimestamps.setSelection(options.ignoreTimestamps());
            hideGeneration.setSelection(options.ignoreGeneration());
        }
    }

    private void updateSummary() {
        if (summary != null && !summary.isDisposed()) {
            summary.setText(SnapshotLabels.summary(counts(), options));
            summary.getParent().layout(true);
        }
    }

    private static ChangeNode find(IDiffContainer container, ObjectKey key) {
        for (IDiffElement child : container.getChildren()) {
            if (child instanceof ChangeNode node && node.change().key().equals(key)) {
                return node;
            }
            if (child instanceof IDiffContainer inner) {
                ChangeNode found = find(inner, key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The selected rows of the tree (for tests). */
    public IStructuredSelection treeSelection() {
        return tree == null ? StructuredSelection.EMPTY : tree.getStructuredSelection();
    }

    // ---------------------------------------------------------------- nodes

    /** A kind or a namespace. */
    private static final class GroupNode extends DiffNode {
        private final String name;
        private final String image;

        GroupNode(String name, String image) {
            super(Differencer.NO_CHANGE);
            this.name = name;
            this.image = image;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Image getImage() {
            return SnapshotImages.get(image);
        }

        @Override
        public String getType() {
            return ITypedElement.FOLDER_TYPE;
        }
    }

    /** One object that differs: its YAML before (left) and after (right), rendered when first shown. */
    static final class ChangeNode extends DiffNode {
        private final ObjectChange change;

        ChangeNode(ObjectChange change, DiffOptions options) {
            super(kindBits(change.kind()), null,
                    change.before() == null ? null
                            : new YamlText(change.key().name(), () -> yaml(change.before().json(), options)),
                    change.after() == null ? null
                            : new YamlText(change.key().name(), () -> yaml(change.after().json(), options)));
            this.change = change;
        }

        /**
         * The compare tree draws two-way changes mirrored (left is taken for the newer side), so an
         * object only on the right (after) carries DELETION to be drawn as an addition, and the other
         * way round.
         */
        private static int kindBits(ChangeKind kind) {
            return switch (kind) {
                case ADDED, REAPPEARED -> Differencer.DELETION;
                case REMOVED -> Differencer.ADDITION;
                default -> Differencer.CHANGE;
            };
        }

        ObjectChange change() {
            return change;
        }

        @Override
        public String getName() {
            return change.key().name() + SEPARATOR + SnapshotLabels.change(change);
        }

        @Override
        public Image getImage() {
            return SnapshotImages.get(SnapshotImages.OBJECT);
        }

        @Override
        public String getType() {
            return ITypedElement.TEXT_TYPE;
        }
    }

    /** The only row when nothing differs: says so, on both sides. */
    private static final class MessageNode extends DiffNode {
        MessageNode(DiffOptions options) {
            super(Differencer.NO_CHANGE, null, new YamlText(NO_DIFFERENCES, () -> message(options)),
                    new YamlText(NO_DIFFERENCES, () -> message(options)));
        }

        private static String message(DiffOptions options) {
            String hidden = SnapshotLabels.hidden(options);
            return "The two snapshots hold the same objects"
                    + (hidden.isEmpty() ? ".\n" : " once " + hidden + " are left out.\n");
        }

        @Override
        public String getName() {
            return NO_DIFFERENCES;
        }

        @Override
        public String getType() {
            return ITypedElement.TEXT_TYPE;
        }
    }

    private static String yaml(String json, DiffOptions options) {
        try {
            return YamlRendering.toYaml(json, options);
        } catch (IllegalArgumentException e) {
            return json + "\n";
        }
    }

    /** One side's text, made on first use. */
    private static final class YamlText implements ITypedElement, IEncodedStreamContentAccessor {
        private final String name;
        private final Supplier<String> text;
        private byte[] bytes;

        YamlText(String name, Supplier<String> text) {
            this.name = name;
            this.text = text;
        }

        @Override
        public String getName() {
            return name;
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
        public synchronized InputStream getContents() {
            if (bytes == null) {
                bytes = text.get().getBytes(StandardCharsets.UTF_8);
            }
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public String getCharset() {
            return StandardCharsets.UTF_8.name();
        }
    }
}
