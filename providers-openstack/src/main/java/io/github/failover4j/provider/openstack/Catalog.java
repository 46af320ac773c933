package io.github.failover4j.provider.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The service catalog of a Keystone token: where each service of the project is reached, by
 * interface and region. An endpoint is picked as gophercloud and openstacksdk pick it: the first of
 * the service type whose interface matches and whose region (name or id) matches, if one is asked.
 */
final class Catalog {
  /**
   * One endpoint of the catalog.
   *
   * @param type the service's type, e.g. {@code network}
   * @param endpointInterface {@code public}, {@code internal} or {@code admin}
   * @param region its region's name, or empty
   * @param regionId its region's id, or empty
   * @param url its URL as the catalog gives it
   */
  record Endpoint(String type, String endpointInterface, String region, String regionId, String url) {
    @Override
    public String toString() {
      return endpointInterface + (region.isEmpty() ? "" : " in " + region) + " " + url;
    }
  }

  private final List<Endpoint> endpoints;

  private Catalog(List<Endpoint> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  /**
   * Reads a token's catalog.
   *
   * @param catalog the {@code token.catalog} array
   * @return the catalog; empty if there was none
   */
  static Catalog of(JsonNode catalog) {
    List<Endpoint> found = new ArrayList<>();
    for (JsonNode service : catalog) {
      String type = service.path("type").asText("");
      for (JsonNode e : service.path("endpoints")) {
        found.add(new Endpoint(type, e.path("interface").asText(""), e.path("region").asText(""),
            e.path("region_id").asText(""), e.path("url").asText("")));
      }
    }
    return new Catalog(found);
  }

  /**
   * Finds a service's endpoint.
   *
   * @param type e.g. {@code network}
   * @param endpointInterface e.g. {@code public}
   * @param region the region, or empty for any
   * @return the first matching endpoint whose URL parses
   */
  Optional<HttpUrl> endpoint(String type, String endpointInterface, Optional<String> region) {
    return endpoints.stream()
        .filter(e -> e.type().equals(type) && e.endpointInterface().equals(endpointInterface))
        .filter(e -> region.isEmpty() || region.get().equals(e.region()) || region.get().equals(e.regionId()))
        .map(e -> HttpUrl.parse(e.url()))
        .filter(url -> url != null)
        .findFirst();
  }

  /**
   * Lists a service's endpoints, for a message saying why none was picked.
   *
   * @param type e.g. {@code network}
   * @return the endpoints
   */
  List<Endpoint> of(String type) {
    return endpoints.stream().filter(e -> e.type().equals(type)).toList();
  }
}
