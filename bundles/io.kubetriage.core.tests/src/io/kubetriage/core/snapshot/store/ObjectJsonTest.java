package io.kubetriage.core.snapshot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;

class ObjectJsonTest {

    private static final String DEPLOYMENT = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{"
            + "\"name\":\"web\",\"namespace\":\"shop\",\"uid\":\"9b1d\",\"resourceVersion\":\"4711\","
            + "\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Update\",\"fieldsV1\":{\"f:spec\":{}}}],"
            + "\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":2}}";

    @Test
    void fromJsonDerivesTheKeyAndDropsManagedFields() {
        ApiObject o = ObjectJson.fromJson(DEPLOYMENT);

        assertEquals(new ObjectKey("apps", "Deployment", "shop", "web"), o.key());
        assertEquals("apps/v1", o.apiVersion());
        assertEquals("9b1d", o.uid());
        assertEquals("4711", o.resourceVersion());
        assertEquals(4711, o.resourceVersionNumber());
        assertFalse(o.json().contains("managedFields"), o.json());
        assertEquals("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
                + "\"namespace\":\"shop\",\"uid\":\"9b1d\",\"resourceVersion\":\"4711\",\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{\"replicas\":2}}", o.json());
    }

    @Test
    void stripManagedFieldsKeepsTextWithoutThem() {
        String plain = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}";
        String nested = "{\"kind\":\"X\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"managedFields\":[1]}}";

        assertSame(plain, ObjectJson.stripManagedFields(plain));
        assertSame(nested, ObjectJson.stripManagedFields(nested), "only metadata.managedFields goes");
    }

    @Test
    void clusterScopedCoreObject() {
        ApiObject node = ObjectJson.fromJson("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}");

        assertEquals(new ObjectKey("", "Node", "", "n1"), node.key());
        assertFalse(node.key().isNamespaced());
        assertNull(node.uid());
        assertEquals(-1, node.resourceVersionNumber());
    }

    @Test
    void malformedOrNamelessJsonIsRefused() {
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> ObjectJson.fromJson(DEPLOYMENT.substring(0, 60)));
        assertTrue(truncated.getMessage().startsWith("not a JSON object"), truncated.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ObjectJson.wrap("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> ObjectJson.wrap("{\"kind\":\"Pod\",\"metadata\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> ObjectJson.wrap("{\"metadata\":{\"name\":\"a\"}}"));
        assertThrows(IllegalArgumentException.class,
                () -> ObjectJson.wrap("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}} {}"));
    }
}
