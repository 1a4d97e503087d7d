/** Phase routing: Phase 2 of Kubetriage: Service routing on the nodes (kube-proxy iptables/IPVS rules against the Endpoints): detectors, quick fixes and views. */
package io.kubetriage.phase.routing;
