package io.kubetriage.ui.internal.etcd;

import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.events.PaintEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.IBarSeries;
import org.eclipse.swtchart.ICustomPaintListener;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.Range;

import io.kubetriage.ui.internal.TestIds;

/**
 * The two charts of the etcd Revisions view: when the keys of each resource type were last
 * modified, and the store's revision against the newest resourceVersion an object carries and the
 * highest one clients are known to have seen. A store behind what clients have seen (a restore
 * from an old backup) shows that gap as a red bar with its size written on it.
 */
final class RevisionCharts {

    /** Colours of the resource type lines, in order: blue, green, orange, purple, teal, grey. */
    private static final RGB[] PALETTE = { new RGB(0x1f, 0x6f, 0xd1), new RGB(0x2e, 0x9e, 0x44),
            new RGB(0xe0, 0x8a, 0x00), new RGB(0x8a, 0x4f, 0xc9), new RGB(0x13, 0x9a, 0x9a), new RGB(0x80, 0x80, 0x80) };
    private static final RGB BLUE = new RGB(0x1f, 0x6f, 0xd1);
    private static final RGB RED = new RGB(0xd0, 0x21, 0x21);

    static final String REVISION_SERIES = "revision";
    static final String GAP_SERIES = "gap";

    private final Chart revisions;
    private final Chart gapChart;
    private final Label gapLabel;
    private RevisionStats stats;

    RevisionCharts(Composite parent) {
        SashForm sash = new SashForm(parent, SWT.VERTICAL);

        revisions = new Chart(sash, SWT.NONE);
        revisions.setData(TestIds.KEY, EtcdIds.REVISIONS_CHART);
        revisions.getTitle().setText("Keys by the revision they were last modified at (cumulative, per resource type)");
        revisions.getAxisSet().getXAxis(0).getTitle().setText("revision");
        revisions.getAxisSet().getYAxis(0).getTitle().setText("keys");
        revisions.getLegend().setPosition(SWT.RIGHT);

        Composite gapArea = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(gapArea);
        gapLabel = new Label(gapArea, SWT.WRAP);
        gapLabel.setData(TestIds.KEY, EtcdIds.GAP);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(gapLabel);
        gapChart = new Chart(gapArea, SWT.NONE);
        gapChart.setData(TestIds.KEY, EtcdIds.GAP_CHART);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(gapChart);
        gapChart.getTitle().setText("Store revision against the resourceVersions objects and clients carry");
        gapChart.getAxisSet().getXAxis(0).getTitle().setVisible(false);
        gapChart.getAxisSet().getYAxis(0).getTitle().setText("revision");
        gapChart.getAxisSet().getXAxis(0).enableCategory(true);
        gapChart.getLegend().setPosition(SWT.RIGHT);
        gapChart.getPlotArea().addCustomPaintListener(new ICustomPaintListener() {
            @Override
            public void paintControl(PaintEvent e) {
                paintGapText(e);
            }

            @Override
            public boolean drawBehindSeries() {
                return false;
            }
        });
        sash.setWeights(55, 45);
        clear("No keys yet.");
    }

    Chart revisionsChart() {
        return revisions;
    }

    Chart gapChart() {
        return gapChart;
    }

    /** Empties both charts and says why. */
    void clear(String why) {
        stats = null;
        deleteAll(revisions);
        deleteAll(gapChart);
        gapLabel.setText(why);
        gapLabel.setForeground(null);
        revisions.redraw();
        gapChart.redraw();
    }

    void show(RevisionStats newStats) {
        stats = newStats;
        Display display = revisions.getDisplay();
        deleteAll(revisions);
        List<String> types = newStats.types();
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            ILineSeries<?> line = (ILineSeries<?>) revisions.getSeriesSet().createSeries(SeriesType.LINE, type);
            line.setXSeries(newStats.revisions());
            line.setYSeries(newStats.cumulative().get(type));
            line.setLineColor(color(display, PALETTE[Math.min(i, PALETTE.length - 1)]));
            line.setSymbolType(ILineSeries.PlotSymbolType.NONE);
            line.setLineWidth(2);
            line.enableStep(true);
        }
        revisions.getAxisSet().adjustRange();
        revisions.redraw();

        deleteAll(gapChart);
        boolean seen = newStats.seenRevision() > 0;
        String[] categories = seen ? new String[] { "store revision", "newest object", "seen by clients" }
                : new String[] { "store revision", "newest object" };
        IAxis x = gapChart.getAxisSet().getXAxis(0);
        x.setCategorySeries(categories);
        long gap = newStats.gap();
        double[] values = seen
                ? new double[] { newStats.storeRevision(), newStats.newestKey(),
                        Math.min(newStats.seenRevision(), newStats.storeRevision()) }
                : new double[] { newStats.storeRevision(), newStats.newestKey() };
        IBarSeries<?> bars = (IBarSeries<?>) gapChart.getSeriesSet().createSeries(SeriesType.BAR, REVISION_SERIES);
        bars.setYSeries(values);
        bars.setBarColor(color(display, BLUE));
        if (gap > 0) {
            bars.enableStack(true);
            IBarSeries<?> red = (IBarSeries<?>) gapChart.getSeriesSet().createSeries(SeriesType.BAR, GAP_SERIES);
            red.setYSeries(new double[] { 0, 0, gap });
            red.setBarColor(color(display, RED));
            red.enableStack(true);
            red.setDescription("revisions clients have seen that the store no longer has");
        }
        gapChart.getAxisSet().adjustRange();
        IAxis y = gapChart.getAxisSet().getYAxis(0);
        double top = Math.max(newStats.storeRevision(), Math.max(newStats.newestKey(), newStats.seenRevision()));
        y.setRange(new Range(0, Math.max(1, top * 1.15)));
        gapChart.redraw();

        if (gap > 0) {
            gapLabel.setText("The store is " + gap + (gap == 1 ? " revision" : " revisions") + " behind what clients"
                    + " have seen: " + newStats.seenFrom() + " carry resourceVersion " + newStats.seenRevision()
                    + ", the store is at revision " + newStats.storeRevision() + ". This is what a restore from an"
                    + " old backup looks like: clients keep waiting for revisions the store will hand out again for"
                    + " other changes.");
            gapLabel.setForeground(display.getSystemColor(SWT.COLOR_RED));
        } else {
            gapLabel.setText("Store revision " + newStats.storeRevision() + "; the newest object carries resourceVersion "
                    + newStats.newestKey() + (seen ? "; " + newStats.seenFrom() + " carry up to "
                            + newStats.seenRevision() + ": no gap." : "."));
            gapLabel.setForeground(null);
        }
        gapLabel.getParent().layout(true);
    }

    /** Writes the gap's size in red above its bar. */
    private void paintGapText(PaintEvent e) {
        RevisionStats shown = stats;
        if (shown == null || shown.gap() <= 0) {
            return;
        }
        ISeries<?> red = gapChart.getSeriesSet().getSeries(GAP_SERIES);
        if (!(red instanceof IBarSeries<?> bars) || bars.getBounds() == null || bars.getBounds().length < 3
                || bars.getBounds()[2] == null) {
            return;
        }
        var bar = bars.getBounds()[2];
        String text = "−" + shown.gap() + " revisions";
        e.gc.setForeground(e.display.getSystemColor(SWT.COLOR_RED));
        Point size = e.gc.textExtent(text);
        int x = bar.x + (bar.width - size.x) / 2;
        int y = Math.max(0, bar.y - size.y - 2);
        e.gc.drawText(text, x, y, true);
    }

    private static void deleteAll(Chart chart) {
        for (ISeries<?> series : chart.getSeriesSet().getSeries()) {
            chart.getSeriesSet().deleteSeries(series.getId());
        }
    }

    private static Color color(Display display, RGB rgb) {
        // SWT colours need no disposal since 3.124
        return new Color(display, rgb);
    }
}
