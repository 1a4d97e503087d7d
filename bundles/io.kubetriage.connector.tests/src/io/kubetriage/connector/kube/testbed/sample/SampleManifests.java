package io.kubetriage.connector.kube.testbed.sample;

/**
 * The objects of the sample cluster as an administrator would write them (kubeadm and kubespray
 * defaults: Service CIDR 10.233.0.0/18, Pod CIDR 10.233.64.0/18, Calico, kube-proxy in IPVS mode).
 * Placeholders in braces ({@code {image}}) are filled in by the generator.
 */
final class SampleManifests {

    static final String NODE = """
            apiVersion: v1
            kind: Node
            metadata:
              name: master-1
              labels:
                beta.kubernetes.io/arch: amd64
                beta.kubernetes.io/os: linux
                kubernetes.io/arch: amd64
                kubernetes.io/hostname: master-1
                kubernetes.io/os: linux
                node-role.kubernetes.io/control-plane: ""
                node-role.kubernetes.io/master: ""
              annotations:
                kubeadm.alpha.kubernetes.io/cri-socket: /var/run/dockershim.sock
                node.alpha.kubernetes.io/ttl: "0"
                projectcalico.org/IPv4Address: 192.168.10.11/24
                projectcalico.org/IPv4IPIPTunnelAddr: 10.233.90.0
                volumes.kubernetes.io/controller-managed-attach-detach: "true"
            spec:
              podCIDR: 10.233.64.0/24
              podCIDRs:
              - 10.233.64.0/24
            status:
              addresses:
              - type: InternalIP
                address: 192.168.10.11
              - type: Hostname
                address: master-1
              allocatable:
                cpu: 3800m
                ephemeral-storage: "37926431477"
                hugepages-2Mi: "0"
                memory: 7525716Ki
                pods: "110"
              capacity:
                cpu: "4"
                ephemeral-storage: 41152812Ki
                hugepages-2Mi: "0"
                memory: 8152404Ki
                pods: "110"
              conditions:
              - type: NetworkUnavailable
                status: "False"
                reason: CalicoIsUp
                message: Calico is running on this node
                lastHeartbeatTime: "{now}"
                lastTransitionTime: "{now}"
              - type: MemoryPressure
                status: "False"
                reason: KubeletHasSufficientMemory
                message: kubelet has sufficient memory available
                lastHeartbeatTime: "{now}"
                lastTransitionTime: "{now}"
              - type: DiskPressure
                status: "False"
                reason: KubeletHasNoDiskPressure
                message: kubelet has no disk pressure
                lastHeartbeatTime: "{now}"
                lastTransitionTime: "{now}"
              - type: PIDPressure
                status: "False"
                reason: KubeletHasSufficientPID
                message: kubelet has sufficient PID available
                lastHeartbeatTime: "{now}"
                lastTransitionTime: "{now}"
              - type: Ready
                status: "True"
                reason: KubeletReady
                message: kubelet is posting ready status. AppArmor enabled
                lastHeartbeatTime: "{now}"
                lastTransitionTime: "{now}"
              daemonEndpoints:
                kubeletEndpoint:
                  Port: 10250
              nodeInfo:
                architecture: amd64
                bootID: 4c1f3a52-8d0e-4a8e-9b7a-2f61c0d5e9b3
                containerRuntimeVersion: docker://19.3.15
                kernelVersion: 5.4.0-66-generic
                kubeProxyVersion: v1.20.2
                kubeletVersion: v1.20.2
                machineID: 6f0d1c2e3b4a4f5e8d7c6b5a49382716
                operatingSystem: linux
                osImage: Ubuntu 20.04.2 LTS
                systemUUID: 6f0d1c2e-3b4a-4f5e-8d7c-6b5a49382716
            """;

    static final String NODE_LEASE = """
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata:
              name: master-1
              namespace: kube-node-lease
            spec:
              holderIdentity: master-1
              leaseDurationSeconds: 40
            """;

    static final String KUBERNETES_ENDPOINTS = """
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: kubernetes
              namespace: default
            subsets:
            - addresses:
              - ip: 192.168.10.11
              ports:
              - name: https
                port: 6443
                protocol: TCP
            """;

    static final String SHOP_NAMESPACE = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels:
                team: shop
            """;

    static final String SERVICE_ACCOUNT = """
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: {name}
              namespace: kube-system
            """;

    static final String KUBE_PROXY_CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: kube-proxy
              namespace: kube-system
              labels:
                app: kube-proxy
            data: {}
            """;

    static final String KUBE_PROXY_DAEMON_SET = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: kube-proxy
              namespace: kube-system
              labels:
                k8s-app: kube-proxy
            spec:
              selector:
                matchLabels:
                  k8s-app: kube-proxy
              updateStrategy:
                type: RollingUpdate
                rollingUpdate:
                  maxUnavailable: 1
              template:
                metadata:
                  labels:
                    k8s-app: kube-proxy
                spec:
                  containers:
                  - name: kube-proxy
                    image: k8s.gcr.io/kube-proxy:v1.20.2
                    command:
                    - /usr/local/bin/kube-proxy
                    - --config=/var/lib/kube-proxy/config.conf
                    - --hostname-override=$(NODE_NAME)
                    env:
                    - name: NODE_NAME
                      valueFrom:
                        fieldRef:
                          fieldPath: spec.nodeName
                    securityContext:
                      privileged: true
                    volumeMounts:
                    - name: kube-proxy
                      mountPath: /var/lib/kube-proxy
                    - name: xtables-lock
                      mountPath: /run/xtables.lock
                    - name: lib-modules
                      mountPath: /lib/modules
                      readOnly: true
                  hostNetwork: true
                  nodeSelector:
                    kubernetes.io/os: linux
                  priorityClassName: system-node-critical
                  serviceAccountName: kube-proxy
                  tolerations:
                  - operator: Exists
                  volumes:
                  - name: kube-proxy
                    configMap:
                      name: kube-proxy
                  - name: xtables-lock
                    hostPath:
                      path: /run/xtables.lock
                      type: FileOrCreate
                  - name: lib-modules
                    hostPath:
                      path: /lib/modules
            """;

    /** Calico reaches the API server through the kubernetes ClusterIP: no KUBERNETES_SERVICE_HOST here. */
    static final String CALICO_NODE_DAEMON_SET = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: calico-node
              namespace: kube-system
              labels:
                k8s-app: calico-node
            spec:
              selector:
                matchLabels:
                  k8s-app: calico-node
              updateStrategy:
                type: RollingUpdate
                rollingUpdate:
                  maxUnavailable: 20%
              template:
                metadata:
                  labels:
                    k8s-app: calico-node
                spec:
                  initContainers:
                  - name: install-cni
                    image: quay.io/calico/cni:v3.16.5
                    command:
                    - /opt/cni/bin/install
                    env:
                    - name: CNI_CONF_NAME
                      value: 10-calico.conflist
                    - name: UPDATE_CNI_BINARIES
                      value: "true"
                    - name: CNI_NETWORK_CONFIG_FILE
                      value: /host/etc/cni/net.d/calico.conflist.template
                    - name: SLEEP
                      value: "false"
                    securityContext:
                      privileged: true
                    volumeMounts:
                    - name: cni-net-dir
                      mountPath: /host/etc/cni/net.d
                    - name: cni-bin-dir
                      mountPath: /host/opt/cni/bin
                  containers:
                  - name: calico-node
                    image: quay.io/calico/node:v3.16.5
                    env:
                    - name: DATASTORE_TYPE
                      value: kubernetes
                    - name: WAIT_FOR_DATASTORE
                      value: "true"
                    - name: NODENAME
                      valueFrom:
                        fieldRef:
                          fieldPath: spec.nodeName
                    - name: CALICO_NETWORKING_BACKEND
                      value: bird
                    - name: CLUSTER_TYPE
                      value: k8s,bgp
                    - name: CALICO_K8S_NODE_REF
                      valueFrom:
                        fieldRef:
                          fieldPath: spec.nodeName
                    - name: CALICO_DISABLE_FILE_LOGGING
                      value: "true"
                    - name: CALICO_IPV4POOL_CIDR
                      value: 10.233.64.0/18
                    - name: CALICO_IPV4POOL_IPIP
                      value: Always
                    - name: FELIX_DEFAULTENDPOINTTOHOSTACTION
                      value: ACCEPT
                    - name: FELIX_IPV6SUPPORT
                      value: "false"
                    - name: FELIX_IPINIPMTU
                      value: "1440"
                    - name: FELIX_HEALTHENABLED
                      value: "true"
                    - name: IP
                      value: autodetect
                    - name: IP_AUTODETECTION_METHOD
                      value: can-reach=192.168.10.11
                    livenessProbe:
                      exec:
                        command:
                        - /bin/calico-node
                        - -felix-live
                        - -bird-live
                      failureThreshold: 6
                      initialDelaySeconds: 10
                      periodSeconds: 10
                    readinessProbe:
                      exec:
                        command:
                        - /bin/calico-node
                        - -felix-ready
                        - -bird-ready
                      periodSeconds: 10
                    resources:
                      requests:
                        cpu: 150m
                        memory: 64M
                    securityContext:
                      privileged: true
                    volumeMounts:
                    - name: lib-modules
                      mountPath: /lib/modules
                      readOnly: true
                    - name: var-run-calico
                      mountPath: /var/run/calico
                    - name: var-lib-calico
                      mountPath: /var/lib/calico
                    - name: xtables-lock
                      mountPath: /run/xtables.lock
                  hostNetwork: true
                  nodeSelector:
                    kubernetes.io/os: linux
                  priorityClassName: system-node-critical
                  serviceAccountName: calico-node
                  terminationGracePeriodSeconds: 0
                  tolerations:
                  - operator: Exists
                  volumes:
                  - name: lib-modules
                    hostPath:
                      path: /lib/modules
                  - name: var-run-calico
                    hostPath:
                      path: /var/run/calico
                  - name: var-lib-calico
                    hostPath:
                      path: /var/lib/calico
                  - name: cni-net-dir
                    hostPath:
                      path: /etc/cni/net.d
                  - name: cni-bin-dir
                    hostPath:
                      path: /opt/cni/bin
                  - name: xtables-lock
                    hostPath:
                      path: /run/xtables.lock
                      type: FileOrCreate
            """;

    static final String COREDNS_CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: coredns
              namespace: kube-system
              labels:
                addonmanager.kubernetes.io/mode: EnsureExists
            data:
              Corefile: |
                .:53 {
                    errors
                    health {
                        lameduck 5s
                    }
                    ready
                    kubernetes cluster.local in-addr.arpa ip6.arpa {
                      pods insecure
                      fallthrough in-addr.arpa ip6.arpa
                    }
                    prometheus :9153
                    forward . /etc/resolv.conf {
                      prefer_udp
                    }
                    cache 30
                    loop
                    reload
                    loadbalance
                }
            """;

    static final String COREDNS_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: coredns
              namespace: kube-system
              labels:
                k8s-app: kube-dns
            spec:
              replicas: 2
              selector:
                matchLabels:
                  k8s-app: kube-dns
              strategy:
                type: RollingUpdate
                rollingUpdate:
                  maxUnavailable: 0
                  maxSurge: 10%
              template:
                metadata:
                  labels:
                    k8s-app: kube-dns
                spec:
                  containers:
                  - name: coredns
                    image: k8s.gcr.io/coredns:1.7.0
                    args:
                    - -conf
                    - /etc/coredns/Corefile
                    ports:
                    - name: dns
                      containerPort: 53
                      protocol: UDP
                    - name: dns-tcp
                      containerPort: 53
                      protocol: TCP
                    - name: metrics
                      containerPort: 9153
                      protocol: TCP
                    resources:
                      limits:
                        memory: 170Mi
                      requests:
                        cpu: 100m
                        memory: 70Mi
                    volumeMounts:
                    - name: config-volume
                      mountPath: /etc/coredns
                  dnsPolicy: Default
                  priorityClassName: system-cluster-critical
                  serviceAccountName: coredns
                  volumes:
                  - name: config-volume
                    configMap:
                      name: coredns
                      items:
                      - key: Corefile
                        path: Corefile
            """;

    static final String KUBE_DNS_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: kube-dns
              namespace: kube-system
              labels:
                k8s-app: kube-dns
                kubernetes.io/name: coredns
              annotations:
                prometheus.io/port: "9153"
                prometheus.io/scrape: "true"
            spec:
              clusterIP: 10.233.0.3
              selector:
                k8s-app: kube-dns
              ports:
              - name: dns
                port: 53
                protocol: UDP
              - name: dns-tcp
                port: 53
                protocol: TCP
              - name: metrics
                port: 9153
                protocol: TCP
            """;

    /** A Deployment of the shop: {name}, {image}, {replicas}, {port}. */
    static final String SHOP_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {name}
              namespace: shop
              labels:
                app: {name}
            spec:
              replicas: {replicas}
              revisionHistoryLimit: 10
              selector:
                matchLabels:
                  app: {name}
              template:
                metadata:
                  labels:
                    app: {name}
                spec:
                  containers:
                  - name: {name}
                    image: {image}
                    ports:
                    - name: http
                      containerPort: {port}
                      protocol: TCP
                    readinessProbe:
                      httpGet:
                        path: /
                        port: http
                      periodSeconds: 5
                    resources:
                      requests:
                        cpu: 50m
                        memory: 64Mi
            """;

    /** A Service of the shop: {name}, {clusterIP}, {port}. */
    static final String SHOP_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: {name}
              namespace: shop
              labels:
                app: {name}
            spec:
              clusterIP: {clusterIP}
              selector:
                app: {name}
              ports:
              - name: http
                port: {servicePort}
                targetPort: http
                protocol: TCP
            """;

    static final String WEB_CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
              namespace: shop
            data:
              upstream: http://api.shop.svc.cluster.local:8080
              maintenance: "false"
            """;

    /** What an administrator runs to see whether new Pods get a network: {@code kubectl run nettest}. */
    static final String NETTEST_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: nettest
              namespace: default
              labels:
                run: nettest
            spec:
              nodeName: master-1
              containers:
              - name: nettest
                image: busybox:1.32
                args:
                - sleep
                - "3600"
              restartPolicy: Always
            """;

    private SampleManifests() {
    }

    /** The text with each {@code {key}} replaced by its value; pairs of key and value. */
    static String fill(String text, String... pairs) {
        String filled = text;
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            filled = filled.replace("{" + pairs[i] + "}", pairs[i + 1]);
        }
        if (filled.matches("(?s).*\\{[a-zA-Z]+\\}.*")) {
            throw new IllegalArgumentException("a placeholder is left unfilled in:\n" + filled);
        }
        return filled;
    }
}
