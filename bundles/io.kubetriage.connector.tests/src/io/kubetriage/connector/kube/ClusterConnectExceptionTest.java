package io.kubetriage.connector.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubetriage.connector.kube.ClusterConnectException.Reason;

/** Sorting of failures whose exact form a mock server cannot produce. */
class ClusterConnectExceptionTest {

    private static final String SERVER = "https://10.0.0.1:6443";

    @Test
    void connectTimeoutIsTimeoutEvenThoughItWrapsAConnectException() {
        HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("HTTP connect timed out");
        timeout.initCause(new ConnectException("HTTP connect timed out"));

        ClusterConnectException e = classify(new KubernetesClientException("failed", timeout));

        assertEquals(Reason.TIMEOUT, e.reason());
        assertEquals("timeout: no connection within the connect timeout (10.0.0.1:6443)",
                e.getMessage());
    }

    @Test
    void requestTimeoutIsTimeout() {
        ClusterConnectException e = classify(new IOException("wrapped",
                new HttpTimeoutException("request timed out")));

        assertEquals(Reason.TIMEOUT, e.reason());
        assertEquals("timeout: the server did not answer in time (10.0.0.1:6443)",
                e.getMessage());
    }

    @Test
    void unresolvableHostIsUnreachable() {
        ConnectException connect = new ConnectException();
        connect.initCause(new UnresolvedAddressException());

        ClusterConnectException e = ClusterConnectException.classify(
                new KubernetesClientException("failed", connect), "https://api.example.invalid");

        assertEquals(Reason.UNREACHABLE, e.reason());
        assertEquals("unreachable: unknown host (api.example.invalid)", e.getMessage());
    }

    @Test
    void hostnameMismatchIsTls() {
        SSLHandshakeException handshake = new SSLHandshakeException("handshake failed");
        handshake.initCause(new CertificateException(
                "No subject alternative names matching IP address 10.0.0.1 found"));

        ClusterConnectException e = classify(new KubernetesClientException("failed", handshake));

        assertEquals(Reason.TLS, e.reason());
        assertEquals("tls: the server certificate does not match the host 10.0.0.1 "
                + "(10.0.0.1:6443)", e.getMessage());
    }

    @Test
    void expiredCertificateIsTls() {
        SSLHandshakeException handshake = new SSLHandshakeException("handshake failed");
        handshake.initCause(new CertificateExpiredException("NotAfter: 2020-01-01"));

        ClusterConnectException e = classify(handshake);

        assertEquals(Reason.TLS, e.reason());
        assertTrue(e.getMessage().startsWith("tls: the server certificate has expired"),
                e.getMessage());
    }

    @Test
    void httpStatusWinsOverItsCauses() {
        KubernetesClientException unauthorized = new KubernetesClientException("Unauthorized",
                new IOException("stream closed"), 401, null, null);

        ClusterConnectException e = classify(new RuntimeException(unauthorized));

        assertEquals(Reason.UNAUTHORIZED, e.reason());
        assertEquals("unauthorized: the server rejected the credentials (401)", e.getMessage());
    }

    @Test
    void unknownFailureKeepsItsMessageOnOneLine() {
        ClusterConnectException e = classify(new IllegalStateException("first line\nsecond line"));

        assertEquals(Reason.OTHER, e.reason());
        assertEquals("failed: first line second line (10.0.0.1:6443)", e.getMessage());
    }

    @Test
    void alreadySortedFailureIsKept() {
        ClusterConnectException sorted = new ClusterConnectException(Reason.FORBIDDEN, "no");

        assertSame(sorted, ClusterConnectException.classify(sorted, SERVER));
    }

    @Test
    void defaultPortsAreNamed() {
        assertEquals("10.0.0.1:443", ClusterConnectException.hostAndPort("https://10.0.0.1"));
        assertEquals("example.com:80", ClusterConnectException.hostAndPort("http://example.com/"));
        assertEquals("[::1]:6443", ClusterConnectException.hostAndPort("https://[::1]:6443"));
    }

    private static ClusterConnectException classify(Throwable failure) {
        return ClusterConnectException.classify(failure, SERVER);
    }
}
