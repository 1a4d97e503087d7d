package io.kubetriage.cli.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The version of the running command line, from its bundle. */
final class Version {

    private Version() {
    }

    static String current() {
        Bundle bundle = FrameworkUtil.getBundle(Version.class);
        return bundle == null ? "(development)" : bundle.getVersion().toString();
    }
}
