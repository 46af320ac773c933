package io.github.failover4j.election.kubernetes;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * How to reach one API server: its URL, the CA its certificate is checked against, and this
 * client's credentials — a bearer token, a client certificate, or both, as a kubeconfig may give
 * them. {@link #toString()} says where they came from, never a token or a key.
 *
 * @param server the API server, e.g. {@code https://10.96.0.1:443}
 * @param ca the certificates that sign the server's; the JDK's trusted ones if empty
 * @param token the bearer token, if any
 * @param clientCertificate the client certificate and its key, if any
 * @param origin where these came from, e.g. {@code kubeconfig /root/.kube/config, context admin}
 */
record ApiAccess(HttpUrl server, Optional<List<X509Certificate>> ca, Optional<BearerToken> token,
    Optional<ClientCertificate> clientCertificate, String origin) {

  /**
   * A client certificate and its key.
   *
   * @param chain the certificate first, then its issuers
   * @param key the key; never printed
   */
  record ClientCertificate(List<X509Certificate> chain, PrivateKey key) {
    @Override
    public String toString() {
      return "ClientCertificate(" + chain.get(0).getSubjectX500Principal().getName() + ")";
    }
  }

  /**
   * Makes the HTTP client of this access: TLS with its CA and client certificate, no redirects
   * (credentials must not follow one), no silent retries (a write is retried by the group's logic,
   * with the resourceVersion it read).
   *
   * @return the client
   * @throws GeneralSecurityException if the JDK refuses the certificates or the key
   */
  OkHttpClient httpClient() throws GeneralSecurityException {
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false);
    if (server.isHttps()) {
      X509TrustManager trust = trustManager();
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keyManagers(), new javax.net.ssl.TrustManager[] {trust}, new SecureRandom());
      builder.sslSocketFactory(tls.getSocketFactory(), trust);
    }
    return builder.build();
  }

  private X509TrustManager trustManager() throws GeneralSecurityException {
    KeyStore store = null;
    if (ca.isPresent()) {
      store = emptyStore();
      int i = 0;
      for (X509Certificate c : ca.get()) {
        store.setCertificateEntry("ca" + i++, c);
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  private KeyManager[] keyManagers() throws GeneralSecurityException {
    if (clientCertificate.isEmpty()) {
      return null;
    }
    // an in-memory store only: its password protects nothing, it never leaves this process
    char[] password = new char[0];
    KeyStore store = emptyStore();
    store.setKeyEntry("client", clientCertificate.get().key(), password, clientCertificate.get().chain().toArray(new X509Certificate[0]));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    return factory.getKeyManagers();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("empty key store", e);
    }
    return store;
  }

  @Override
  public String toString() {
    return "ApiAccess(" + server + ", " + origin + ", " + (token.isPresent() ? "bearer token" : "")
        + (token.isPresent() && clientCertificate.isPresent() ? " and " : "") + clientCertificate.map(c -> "client certificate").orElse("")
        + ")";
  }
}
