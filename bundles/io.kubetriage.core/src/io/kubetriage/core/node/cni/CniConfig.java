package io.kubetriage.core.node.cni;

import java.util.List;

/**
 * A parsed CNI network configuration file.
 *
 * @param fileName   the file's name ({@code 10-calico.conflist})
 * @param list       true for a {@code .conflist} ({@code plugins[]}), false for a single {@code .conf}
 * @param name       the network name, or null
 * @param cniVersion the {@code cniVersion}, or null
 * @param plugins    the plugins in order
 * @param text       the file's text
 */
public record CniConfig(String fileName, boolean list, String name, String cniVersion, List<CniPlugin> plugins,
        String text) {

    /** The first plugin of that type, or null. */
    public CniPlugin plugin(String type) {
        for (CniPlugin p : plugins) {
            if (p.type().equals(type)) {
                return p;
            }
        }
        return null;
    }
}
