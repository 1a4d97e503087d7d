/** Phase cni: Phase 3 of Kubetriage: CNI reachability (Calico reaching the API server through the kubernetes ClusterIP): detectors, quick fixes and views. */
package io.kubetriage.phase.cni;
