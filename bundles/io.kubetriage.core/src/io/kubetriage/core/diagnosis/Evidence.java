package io.kubetriage.core.diagnosis;

import java.util.List;
import java.util.Objects;

import io.kubetriage.core.snapshot.ObjectKey;

/**
 * One fact a finding rests on, precise enough to be checked by hand: an object, an etcd key or
 * revision, a log line, a node's netfilter rule, an event.
 *
 * @param kind       what sort of fact
 * @param label      a short label, e.g. {@code baseline revision}
 * @param detail     the fact in words, e.g. {@code 48213 -> 41007 (6206 lower)}
 * @param object     the object it is about; null when none
 * @param etcdKey    the etcd key it is about; null when none
 * @param revisions  the etcd revisions it names (e.g. before and after); empty when none
 * @param sourceLine the line of a log or dump it was read from, as it was; null when none
 * @param location   where on a node the fact was read (node, file, line), so views can mark it;
 *                   null when it is not about a node's files
 */
public record Evidence(Kind kind, String label, String detail, ObjectKey object, String etcdKey,
        List<Long> revisions, String sourceLine, NodeLocation location) {

    /**
     * A place in the node data of a snapshot (docs/node-data.md).
     *
     * @param node the node's name
     * @param file the file's path in the node's folder, e.g. {@code iptables-save.txt} or
     *             {@code cni/calico-kubeconfig}; null when the fact is about the node as a whole
     * @param line the 1-based line in that file, or 0 when the fact is about the file as a whole
     */
    public record NodeLocation(String node, String file, int line) {

        public NodeLocation {
            Objects.requireNonNull(node, "node");
            if (line < 0) {
                throw new IllegalArgumentException("line " + line);
            }
        }
    }

    /** What sort of fact a piece of evidence is. */
    public enum Kind {
        OBJECT, ETCD_KEY, ETCD_REVISION, LOG_LINE, NODE_RULE, EVENT
    }

    public Evidence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        detail = detail == null ? "" : detail;
        revisions = revisions == null ? List.of() : List.copyOf(revisions);
    }

    /** Evidence about an API object. */
    public static Evidence object(ObjectKey object, String label, String detail) {
        return new Evidence(Kind.OBJECT, label, detail, Objects.requireNonNull(object, "object"), null, List.of(), null, null);
    }

    /** Evidence about etcd revisions (e.g. a revision before and after). */
    public static Evidence revision(String label, String detail, long... revisions) {
        List<Long> list = java.util.Arrays.stream(revisions).boxed().toList();
        return new Evidence(Kind.ETCD_REVISION, label, detail, null, null, list, null, null);
    }

    /** Evidence about one etcd key. */
    public static Evidence etcdKey(String key, String label, String detail, long... revisions) {
        List<Long> list = java.util.Arrays.stream(revisions).boxed().toList();
        return new Evidence(Kind.ETCD_KEY, label, detail, null, Objects.requireNonNull(key, "key"), list, null, null);
    }

    /** Evidence from an event, about the object the event names (may be null). */
    public static Evidence event(ObjectKey involved, String label, String message) {
        return new Evidence(Kind.EVENT, label, message, involved, null, List.of(), message, null);
    }

    /** Evidence from a line of a log or dump, quoted as it was. */
    public static Evidence line(Kind kind, String label, String detail, String sourceLine) {
        return new Evidence(kind, label, detail, null, null, List.of(), sourceLine, null);
    }

    /**
     * Evidence from a node's files: a rule, a virtual service, an address, a line of a CNI file, or
     * (with a null file) the node as a whole.
     *
     * @param node       the node
     * @param file       the file in the node's folder, or null
     * @param line       the 1-based line, or 0
     * @param sourceLine the line as it was, or null
     */
    public static Evidence node(String node, String file, int line, String label, String detail, String sourceLine) {
        return new Evidence(Kind.NODE_RULE, label, detail, null, null, List.of(), sourceLine,
                new NodeLocation(node, file, line));
    }

    /** The same evidence about an object as well (e.g. the Pod or Service a node fact belongs to). */
    public Evidence withObject(ObjectKey newObject) {
        return new Evidence(kind, label, detail, newObject, etcdKey, revisions, sourceLine, location);
    }
}
