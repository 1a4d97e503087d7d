package io.kubetriage.ui.internal.clusters;

import java.util.Map;
import java.util.stream.Collectors;

import io.kubetriage.core.cluster.ClusterConnectionStatus;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdMemberStatus;

/** The words the Clusters view shows for a cluster; kept apart from SWT so they read plainly. */
final class ClusterLabels {

    private ClusterLabels() {
    }

    static String state(ClusterDescriptor descriptor, ClusterConnectionStatus status) {
        if (!descriptor.context().isUsable()) {
            return "Unusable: " + descriptor.context().problem();
        }
        if (status == null) {
            return "Disconnected";
        }
        return switch (status.state()) {
            case DISCONNECTED -> "Disconnected";
            case CONNECTING -> "Connecting…";
            case CONNECTED -> "Connected";
            case CANCELLED -> "Cancelled";
            case FAILED -> "Failed: " + status.error();
        };
    }

    static String etcd(ClusterDescriptor descriptor, EtcdClusterStatus status) {
        if (descriptor.etcd().isEmpty()) {
            return "";
        }
        if (status == null) {
            return descriptor.etcd().get().describe();
        }
        if (status.members().isEmpty()) {
            return "unreachable: " + status.failures().values().stream().distinct().collect(Collectors.joining("; "));
        }
        StringBuilder text = new StringBuilder();
        EtcdMemberStatus any = status.leader().orElse(status.members().get(0));
        text.append("v").append(any.version())
                .append(" · rev ").append(status.maxRevision())
                .append(" · term ").append(any.raftTerm());
        status.leader().ifPresentOrElse(
                l -> text.append(" · leader ").append(l.name() == null || l.name().isBlank() ? l.memberIdHex() : l.name()),
                () -> text.append(" · no leader"));
        text.append(" · db ").append(bytes(any.dbSize()));
        if (!status.failures().isEmpty()) {
            text.append(" · ").append(status.failures().size()).append(" unreachable");
        }
        return text.toString();
    }

    /** The long form, for the tooltip: every member and every failure. */
    static String etcdDetails(EtcdClusterStatus status) {
        StringBuilder text = new StringBuilder();
        for (EtcdMemberStatus m : status.members()) {
            text.append(m.endpoint()).append(": ").append(m.name() == null ? m.memberIdHex() : m.name())
                    .append(" v").append(m.version())
                    .append(", revision ").append(m.revision())
                    .append(", raft term ").append(m.raftTerm()).append(" index ").append(m.raftIndex())
                    .append(m.isLeader() ? ", leader" : "")
                    .append(", db ").append(bytes(m.dbSize())).append(" (in use ").append(bytes(m.dbSizeInUse())).append(')');
            if (!m.errors().isEmpty()) {
                text.append(", errors: ").append(String.join("; ", m.errors()));
            }
            text.append('\n');
        }
        for (Map.Entry<java.net.URI, String> f : status.failures().entrySet()) {
            text.append(f.getKey()).append(": ").append(f.getValue()).append('\n');
        }
        return text.toString().strip();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGTPE";
        int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
        return String.format("%.1f %sB", n / (double) (1L << (unit * 10)), units.charAt(unit - 1));
    }
}
