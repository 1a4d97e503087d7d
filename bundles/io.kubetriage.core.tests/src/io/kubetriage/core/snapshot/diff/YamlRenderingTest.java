package io.kubetriage.core.snapshot.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class YamlRenderingTest {

    private static final String POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\","
            + "\"namespace\":\"shop\",\"resourceVersion\":\"42\",\"generation\":1,\"labels\":{\"app\":\"web\"},"
            + "\"annotations\":{}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.25\","
            + "\"args\":[\"--verbose\",\"true\"],\"ports\":[{\"containerPort\":80}]}],\"script\":\"line 1\\nline 2\\n\","
            + "\"enabled\":false},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
            + "\"lastTransitionTime\":\"2024-01-01T00:00:00Z\"}]}}";

    @Test
    void rendersLikeKubectl() {
        assertEquals("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  namespace: shop
                  resourceVersion: '42'
                  generation: 1
                  labels:
                    app: web
                  annotations: {}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    args:
                    - --verbose
                    - 'true'
                    ports:
                    - containerPort: 80
                  script: |
                    line 1
                    line 2
                  enabled: false
                status:
                  phase: Running
                  conditions:
                  - type: Ready
                    lastTransitionTime: '2024-01-01T00:00:00Z'
                """, YamlRendering.toYaml(POD));
    }

    @Test
    void noiseHiddenVariantLeavesTheIgnoredFieldsOut() {
        assertEquals("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  namespace: shop
                  labels:
                    app: web
                  annotations: {}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    args:
                    - --verbose
                    - 'true'
                    ports:
                    - containerPort: 80
                  script: |
                    line 1
                    line 2
                  enabled: false
                """, YamlRendering.toYaml(POD, DiffOptions.NOISE_HIDDEN));
    }

    @Test
    void notAnObjectIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> YamlRendering.toYaml("[1]"));
    }
}
