package io.kubetriage.ui.internal;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ActionFactory.IWorkbenchAction;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/** Menu skeleton: File, Cluster, Window, Help. Commands come from plugin.xml menu contributions. */
final class KubetriageActionBarAdvisor extends ActionBarAdvisor {

    static final String FILE_MENU_ID = "io.kubetriage.ui.menus.file";

    private IWorkbenchAction quit;
    private IWorkbenchAction preferences;
    private IWorkbenchAction resetPerspective;

    KubetriageActionBarAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        quit = ActionFactory.QUIT.create(window);
        register(quit);
        preferences = ActionFactory.PREFERENCES.create(window);
        register(preferences);
        resetPerspective = ActionFactory.RESET_PERSPECTIVE.create(window);
        register(resetPerspective);
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        // Not the IDE's "file" id: text-editor action sets that org.eclipse.compare brings along
        // (Open File, Convert Line Delimiters) target that id and mean nothing here.
        MenuManager file = new MenuManager("&File", FILE_MENU_ID);
        file.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        file.add(new Separator());
        file.add(quit);
        menuBar.add(file);

        MenuManager cluster = new MenuManager("&Cluster", "cluster");
        cluster.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        menuBar.add(cluster);

        MenuManager window = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
        MenuManager showView = new MenuManager("Show &View");
        showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(getActionBarConfigurer().getWindowConfigurer().getWindow()));
        window.add(showView);
        window.add(resetPerspective);
        window.add(new Separator());
        window.add(preferences);
        menuBar.add(window);

        MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
        help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        menuBar.add(help);
    }
}
