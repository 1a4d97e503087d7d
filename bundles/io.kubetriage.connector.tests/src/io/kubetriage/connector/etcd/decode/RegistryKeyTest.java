package io.kubetriage.connector.etcd.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegistryKeyTest {

    @Test
    void namespacedKey() {
        RegistryKey key = RegistryKey.parse("/registry/pods/shop/web-0").orElseThrow();
        assertEquals(new RegistryKey("/registry", null, "pods", "pods", "shop", "web-0"), key);
    }

    @Test
    void clusterScopedKeyAndStorageNames() {
        assertEquals(new RegistryKey("/registry", null, "nodes", "minions", null, "node-1"),
                RegistryKey.parse("/registry/minions/node-1").orElseThrow());
        assertEquals(new RegistryKey("/registry", null, "services", "services/specs", "shop", "web"),
                RegistryKey.parse("/registry/services/specs/shop/web").orElseThrow());
        assertEquals(new RegistryKey("/registry", null, "endpoints", "services/endpoints", "shop", "web"),
                RegistryKey.parse("/registry/services/endpoints/shop/web").orElseThrow());
    }

    @Test
    void groupKeys() {
        assertEquals(new RegistryKey("/registry", "example.com", "widgets", "widgets", "shop", "w1"),
                RegistryKey.parse("/registry/example.com/widgets/shop/w1").orElseThrow());
        RegistryKey crd = RegistryKey
                .parse("/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com").orElseThrow();
        assertEquals("customresourcedefinitions", crd.resource());
        assertNull(crd.namespace());
        assertEquals("widgets.example.com", crd.name());
    }

    @Test
    void prefixKeysAndOtherKeys() {
        RegistryKey prefix = RegistryKey.parse("/registry/pods/").orElseThrow();
        assertEquals("pods", prefix.resource());
        assertNull(prefix.name());
        assertTrue(RegistryKey.parse("compact_rev_key").isEmpty());
        assertEquals("/cluster-a/registry", RegistryKey.parse("/cluster-a/registry/pods/a/b").orElseThrow().prefix());
    }
}
