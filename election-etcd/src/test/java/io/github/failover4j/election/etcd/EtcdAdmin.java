package io.github.failover4j.election.etcd;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** What a test's etcd operator does through the gateway: users, roles, authentication. */
final class EtcdAdmin {
  private static final OkHttpClient HTTP = new OkHttpClient();

  private EtcdAdmin() {}

  /**
   * Adds {@code root} and a user with read-write access to {@code /failover4j}, then turns
   * authentication on.
   *
   * @param etcd the server (plain http)
   * @param user the user's name
   * @param password the user's password
   * @throws Exception if etcd refuses
   */
  static void enableAuth(EtcdServer etcd, String user, String password) throws Exception {
    post(etcd, "/v3/auth/user/add", "{\"name\":\"root\",\"password\":\"root-" + password + "\"}");
    post(etcd, "/v3/auth/role/add", "{\"name\":\"root\"}");
    post(etcd, "/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}");
    post(etcd, "/v3/auth/user/add", "{\"name\":\"" + user + "\",\"password\":\"" + password + "\"}");
    post(etcd, "/v3/auth/role/add", "{\"name\":\"failover4j\"}");
    String key = EtcdLeaseStore.base64("/failover4j");
    String end = EtcdLeaseStore.base64(EtcdLeaseStore.rangeEnd("/failover4j"));
    post(etcd, "/v3/auth/role/grant", "{\"name\":\"failover4j\",\"perm\":{\"permType\":\"READWRITE\",\"key\":\"" + key
        + "\",\"range_end\":\"" + end + "\"}}");
    post(etcd, "/v3/auth/user/grant", "{\"user\":\"" + user + "\",\"role\":\"failover4j\"}");
    post(etcd, "/v3/auth/enable", "{}");
  }

  static String post(EtcdServer etcd, String path, String body) throws IOException {
    Request request = new Request.Builder().url(etcd.url() + path)
        .post(RequestBody.create(body, MediaType.get("application/json"))).build();
    try (Response answer = HTTP.newCall(request).execute()) {
      String text = answer.body().string();
      if (answer.code() != 200) {
        throw new IllegalStateException(path + ": " + answer.code() + " " + text);
      }
      return text;
    }
  }
}
