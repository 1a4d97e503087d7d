package io.kubetriage.connector.etcd.decode;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;

/**
 * Maps the apiVersion/kind of a protobuf envelope to the generated message type of
 * client-java-proto. Built on first use by listing the messages of the library's outer classes;
 * thread-safe.
 */
public final class KubernetesTypeRegistry {

    private static final String PROTO_PACKAGE = "io.kubernetes.client.proto.";

    /** The outer classes of client-java-proto 27 that hold API types (one per API group version). */
    static final List<String> OUTER_CLASSES = List.of(
            "Meta", "Runtime", "IntStr", "Resource",
            "V1", "V1Admission", "V1Admissionregistration", "V1Apiextensions", "V1Apps", "V1Authentication",
            "V1Authorization", "V1Autoscaling", "V1Batch", "V1Certificates", "V1Coordination", "V1Discovery",
            "V1Events", "V1Flowcontrol", "V1Networking", "V1Node", "V1Policy", "V1Rbac", "V1Resource",
            "V1Scheduling", "V1Storage", "V1alpha1Apiserverinternal", "V1alpha1Imagepolicy", "V1alpha1Rbac",
            "V1alpha1Scheduling", "V1beta1Admission", "V1beta1Admissionregistration", "V1beta1Apiextensions",
            "V1beta1Apps", "V1beta1Authentication", "V1beta1Authorization", "V1beta1Batch",
            "V1beta1Certificates", "V1beta1Extensions", "V1beta1Policy", "V1beta1Rbac", "V1beta1Storage",
            "V1beta1Storagemigration", "V1beta2Apps", "V2Apidiscovery", "V2Autoscaling", "V2beta1Apidiscovery",
            "V2beta1Autoscaling", "V2beta2Autoscaling");

    /** API groups whose proto package segment is not the group name. */
    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("core", ""),
            Map.entry("apps", "apps"),
            Map.entry("batch", "batch"),
            Map.entry("autoscaling", "autoscaling"),
            Map.entry("policy", "policy"),
            Map.entry("extensions", "extensions"),
            Map.entry("rbac", "rbac.authorization.k8s.io"),
            Map.entry("flowcontrol", "flowcontrol.apiserver.k8s.io"),
            Map.entry("apiserverinternal", "internal.apiserver.k8s.io"));

    private static final class Shared {
        static final KubernetesTypeRegistry INSTANCE = new KubernetesTypeRegistry();
    }

    private volatile Map<String, Message> prototypes;
    private volatile List<String> loadProblems = List.of();

    /** The registry shared by decoders that are not given one. */
    public static KubernetesTypeRegistry shared() {
        return Shared.INSTANCE;
    }

    /**
     * The default instance of the message type for this apiVersion/kind, e.g. {@code V1.Pod} for
     * {@code v1}/{@code Pod} and {@code V1Apps.Deployment} for {@code apps/v1}/{@code Deployment}.
     */
    public Optional<Message> prototype(String apiVersion, String kind) {
        if (apiVersion == null || kind == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(prototypes().get(apiVersion + "/" + kind));
    }

    /** The generated message class for this apiVersion/kind. */
    public Optional<Class<? extends Message>> messageClass(String apiVersion, String kind) {
        return prototype(apiVersion, kind).map(Message::getClass);
    }

    /** The apiVersions that have at least one message type. */
    public Set<String> apiVersions() {
        Set<String> versions = new TreeSet<>();
        for (String key : prototypes().keySet()) {
            versions.add(key.substring(0, key.lastIndexOf('/')));
        }
        return versions;
    }

    /** Outer classes that could not be loaded; empty when the library is complete. */
    public List<String> loadProblems() {
        prototypes();
        return loadProblems;
    }

    /**
     * The apiVersion of the types of a proto package: {@code k8s.io.api.core.v1} is {@code v1},
     * {@code k8s.io.api.apps.v1} is {@code apps/v1}, {@code k8s.io.api.rbac.v1} is
     * {@code rbac.authorization.k8s.io/v1}; {@code null} for packages that hold no API types.
     */
    public static String apiVersionOf(String protoPackage) {
        String[] parts = protoPackage.split("\\.");
        if (protoPackage.startsWith("k8s.io.api.") && parts.length == 5) {
            return withGroup(GROUPS.getOrDefault(parts[3], parts[3] + ".k8s.io"), parts[4]);
        }
        if (protoPackage.startsWith("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.")) {
            return withGroup("apiextensions.k8s.io", parts[parts.length - 1]);
        }
        if (protoPackage.startsWith("k8s.io.kube_aggregator.pkg.apis.apiregistration.")) {
            return withGroup("apiregistration.k8s.io", parts[parts.length - 1]);
        }
        if (protoPackage.equals("k8s.io.apimachinery.pkg.apis.meta.v1")) {
            return "meta.k8s.io/v1";
        }
        return null;
    }

    private static String withGroup(String group, String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }

    private Map<String, Message> prototypes() {
        Map<String, Message> result = prototypes;
        if (result == null) {
            synchronized (this) {
                result = prototypes;
                if (result == null) {
                    result = load();
                    prototypes = result;
                }
            }
        }
        return result;
    }

    private Map<String, Message> load() {
        Map<String, Message> result = new HashMap<>();
        List<String> problems = new java.util.ArrayList<>();
        ClassLoader loader = Message.class.getClassLoader();
        ClassLoader protoLoader = io.kubernetes.client.proto.Meta.class.getClassLoader();
        if (protoLoader != null) {
            loader = protoLoader;
        }
        for (String outerName : OUTER_CLASSES) {
            try {
                Class<?> outer = Class.forName(PROTO_PACKAGE + outerName, true, loader);
                FileDescriptor file = (FileDescriptor) outer.getMethod("getDescriptor").invoke(null);
                String apiVersion = apiVersionOf(file.getPackage());
                if (apiVersion == null) {
                    continue;
                }
                for (Descriptor type : file.getMessageTypes()) {
                    Class<?> messageClass = Class.forName(outer.getName() + "$" + type.getName(), true, loader);
                    Message prototype = (Message) messageClass.getMethod("getDefaultInstance").invoke(null);
                    result.put(apiVersion + "/" + type.getName(), prototype);
                }
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                problems.add(outerName + ": " + e);
            }
        }
        loadProblems = List.copyOf(problems);
        return Collections.unmodifiableMap(result);
    }
}
