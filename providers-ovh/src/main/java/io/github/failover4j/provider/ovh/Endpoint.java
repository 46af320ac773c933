package io.github.failover4j.provider.ovh;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * An OVHcloud API region: its name (the section of ovh.conf that holds its credentials), its base
 * URL, and where it issues OAuth2 tokens. The names and URLs are those of OVH's own clients.
 *
 * @param name e.g. {@code ovh-eu}, or the URL itself for an endpoint given as a URL
 * @param api the base URL, e.g. {@code https://eu.api.ovh.com/1.0}
 * @param tokenUrl the OAuth2 token URL, empty for an endpoint given as a URL
 */
record Endpoint(String name, HttpUrl api, Optional<HttpUrl> tokenUrl) {
  /** The regions by name. */
  static final Map<String, Endpoint> KNOWN = new TreeMap<>(Map.of(
      "ovh-eu", known("ovh-eu", "https://eu.api.ovh.com/1.0", "https://www.ovh.com/auth/oauth2/token"),
      // python-ovh and go-ovh use ca.ovh.com; OVH's guide names www.ovh.ca, which the SDKs do not
      "ovh-ca", known("ovh-ca", "https://ca.api.ovh.com/1.0", "https://ca.ovh.com/auth/oauth2/token"),
      "ovh-us", known("ovh-us", "https://api.us.ovhcloud.com/1.0", "https://us.ovhcloud.com/auth/oauth2/token")));

  /** The region when nothing names one, as in OVH's clients. */
  static final String DEFAULT = "ovh-eu";

  private static Endpoint known(String name, String api, String tokenUrl) {
    return new Endpoint(name, HttpUrl.get(api), Optional.of(HttpUrl.get(tokenUrl)));
  }

  /**
   * Tells whether a value names an endpoint by URL: as in go-ovh, anything with a slash.
   *
   * @param value the configured endpoint
   * @return true for a URL
   */
  static boolean isUrl(String value) {
    return value.contains("/");
  }
}
