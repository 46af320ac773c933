package io.github.failover4j.provider.ovh;

import io.github.failover4j.spi.Secret;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * How a mover proves who it is to OVH: an application key, application secret and consumer key
 * that sign every request, or an OAuth2 client (a service account) that obtains bearer tokens.
 * {@link #toString()} says where each part came from, never a value.
 */
sealed interface OvhCredentials permits OvhCredentials.Signed, OvhCredentials.OAuth2 {
  /**
   * Returns the secret values, to remove from any text a mover shows.
   *
   * @return the secrets
   */
  List<Secret> secrets();

  /**
   * Says where each part came from, e.g. {@code applicationKey from OVH_APPLICATION_KEY}.
   *
   * @return the sources, without values
   */
  String sources();

  /**
   * Removes every secret value from a text: an error body or an I/O error that may quote a request.
   *
   * @param text the text
   * @return the text with each value replaced by {@code ****}
   */
  default String redact(String text) {
    String clean = text;
    for (Secret secret : secrets()) {
      clean = secret.redact(clean);
    }
    return clean;
  }

  /**
   * OVH's signed requests.
   *
   * @param applicationKey the application key (AK), sent with every request; not a secret, but not
   *     shown either
   * @param applicationSecret the application secret (AS), which signs
   * @param consumerKey the consumer key (CK), the grant of rights, sent and signed
   * @param sources where each came from
   */
  record Signed(String applicationKey, Secret applicationSecret, Secret consumerKey, String sources)
      implements OvhCredentials {
    @Override
    public List<Secret> secrets() {
      return List.of(applicationSecret, consumerKey);
    }

    @Override
    public String toString() {
      return "signed requests (" + sources + ")";
    }
  }

  /**
   * An OAuth2 client of the client-credentials flow.
   *
   * @param clientId the client's id
   * @param clientSecret its secret
   * @param tokenUrl where tokens are issued
   * @param sources where each came from
   */
  record OAuth2(String clientId, Secret clientSecret, HttpUrl tokenUrl, String sources) implements OvhCredentials {
    @Override
    public List<Secret> secrets() {
      return List.of(clientSecret);
    }

    @Override
    public String toString() {
      return "OAuth2 client credentials (" + sources + ", token URL " + tokenUrl + ")";
    }
  }
}
