package io.github.failover4j.election.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.failover4j.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * A kubeconfig file, read as kubectl reads it, for one context: the cluster's {@code server} and
 * {@code certificate-authority(-data)}, and the user's {@code token}, {@code tokenFile} or
 * {@code client-certificate(-data)} with {@code client-key(-data)}. Paths are relative to the
 * kubeconfig's directory. Exec plugins, auth providers, basic auth, proxies and skipping TLS
 * verification are refused, each with the reason. A kubeconfig that holds a token or a key itself
 * must not be readable by every user. No problem quotes the file's content.
 */
final class Kubeconfig {
  private static final YAMLMapper YAML = new YAMLMapper();

  private Kubeconfig() {}

  /**
   * Reads the credentials of a context.
   *
   * @param file the kubeconfig
   * @param context the context, or empty for the file's {@code current-context}
   * @param problems where problems are added
   * @return the credentials, or empty if a problem was added
   */
  static Optional<Credentials> read(Path file, Optional<String> context, List<String> problems) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      // the location only: the parser's message quotes the text, which may hold a token
      problems.add("kubeconfig: " + file + " is not a kubeconfig (YAML error at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
      return Optional.empty();
    } catch (IOException e) {
      problems.add("kubeconfig: " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      problems.add("kubeconfig: " + file + " is not a kubeconfig (expected: a YAML map with clusters, users, contexts)");
      return Optional.empty();
    }
    Optional<String> name = context.or(() -> text(root.path("current-context")));
    if (name.isEmpty()) {
      problems.add("context: not set, and " + file + " has no current-context (expected: a context's name)");
      return Optional.empty();
    }
    Optional<JsonNode> ctx = named(root, "contexts", name.get()).map(c -> c.path("context"));
    if (ctx.isEmpty()) {
      problems.add("context: " + name.get() + " is not in " + file + " (expected: one of " + names(root, "contexts") + ")");
      return Optional.empty();
    }
    String where = "kubeconfig " + file + ", context " + name.get();
    Optional<String> clusterName = text(ctx.get().path("cluster"));
    Optional<String> userName = text(ctx.get().path("user"));
    Optional<JsonNode> cluster = clusterName.flatMap(c -> named(root, "clusters", c)).map(c -> c.path("cluster"));
    Optional<JsonNode> user = userName.flatMap(u -> named(root, "users", u)).map(u -> u.path("user"));
    if (cluster.isEmpty() || user.isEmpty()) {
      problems.add(where + ": its cluster " + clusterName.orElse("(none)") + " or user " + userName.orElse("(none)")
          + " is not in the file (expected: entries under clusters and users)");
      return Optional.empty();
    }
    Reader reader = new Reader(file, where + ", user " + userName.get(), problems);
    int before = problems.size();
    HttpUrl server = reader.server(cluster.get());
    Optional<List<X509Certificate>> ca = reader.ca(cluster.get());
    Optional<BearerToken> token = reader.token(user.get());
    Optional<ApiAccess.ClientCertificate> client = reader.client(user.get());
    if (token.isEmpty() && client.isEmpty() && problems.size() == before) {
      problems.add(reader.where + ": no credentials (expected: token, tokenFile, or client-certificate(-data) with"
          + " client-key(-data))");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new Credentials(new ApiAccess(server, ca, token, client, where),
        text(ctx.get().path("namespace"))));
  }

  /** Reads one context's cluster and user, adding problems that name the context. */
  private static final class Reader {
    private final Path file;
    private final String where;
    private final List<String> problems;

    Reader(Path file, String where, List<String> problems) {
      this.file = file;
      this.where = where;
      this.problems = problems;
    }

    HttpUrl server(JsonNode cluster) {
      for (String refused : List.of("proxy-url", "tls-server-name")) {
        if (!cluster.path(refused).isMissingNode()) {
          problems.add(where + ": cluster's " + refused + " is not supported (expected: a cluster reached directly)");
        }
      }
      if (cluster.path("insecure-skip-tls-verify").asBoolean(false)) {
        problems.add(where + ": insecure-skip-tls-verify is refused: the token or key would go to any server"
            + " (expected: certificate-authority or certificate-authority-data)");
      }
      Optional<String> text = text(cluster.path("server"));
      HttpUrl url = text.map(HttpUrl::parse).orElse(null);
      if (url == null) {
        problems.add(where + ": server " + text.orElse("(none)") + " (expected: the API server's URL)");
      } else if (!url.isHttps() && !loopback(url.host())) {
        problems.add(where + ": server " + url + " (expected: an https URL; http only to a loopback address)");
        return null;
      }
      return url;
    }

    Optional<List<X509Certificate>> ca(JsonNode cluster) {
      Optional<String> path = text(cluster.path("certificate-authority"));
      Optional<String> data = text(cluster.path("certificate-authority-data"));
      if (path.isPresent()) {
        return Credentials.certificates(where + ": certificate-authority", resolve(path.get()), problems);
      }
      return data.flatMap(d -> decode("certificate-authority-data", d))
          .flatMap(pem -> Credentials.certificates(where + ": certificate-authority-data", pem, problems));
    }

    Optional<BearerToken> token(JsonNode user) {
      for (String refused : List.of("exec", "auth-provider", "username", "password")) {
        if (!user.path(refused).isMissingNode()) {
          problems.add(where + ": " + refused + " is not supported (expected: token, tokenFile or a client certificate;"
              + " for a cloud's exec plugin, give this node a service account token in a tokenFile instead)");
        }
      }
      Optional<String> inline = text(user.path("token"));
      if (inline.isPresent()) {
        return secretKubeconfig("token") ? Optional.of(BearerToken.of(Secret.of(inline.get()))) : Optional.empty();
      }
      return text(user.path("tokenFile")).flatMap(f -> Credentials.tokenFile(where + ": tokenFile", resolve(f), "",
          problems));
    }

    Optional<ApiAccess.ClientCertificate> client(JsonNode user) {
      Optional<String> certPath = text(user.path("client-certificate"));
      Optional<String> certData = text(user.path("client-certificate-data"));
      Optional<String> keyPath = text(user.path("client-key"));
      Optional<String> keyData = text(user.path("client-key-data"));
      boolean anyCert = certPath.isPresent() || certData.isPresent();
      boolean anyKey = keyPath.isPresent() || keyData.isPresent();
      if (anyCert != anyKey) {
        problems.add(where + ": " + (anyCert ? "client-certificate without client-key" : "client-key without"
            + " client-certificate") + " (expected: both, as files or as -data)");
        return Optional.empty();
      }
      if (!anyCert) {
        return Optional.empty();
      }
      Optional<List<X509Certificate>> chain = certPath.isPresent()
          ? Credentials.certificates(where + ": client-certificate", resolve(certPath.get()), problems)
          : decode("client-certificate-data", certData.get())
              .flatMap(pem -> Credentials.certificates(where + ": client-certificate-data", pem, problems));
      Optional<PrivateKey> key = keyPath.isPresent()
          ? Credentials.privateKey(where + ": client-key", resolve(keyPath.get()), problems)
          : secretKubeconfig("client-key-data") ? decode("client-key-data", keyData.get())
              .flatMap(pem -> Credentials.privateKey(where + ": client-key-data", pem, problems)) : Optional.empty();
      if (chain.isEmpty() || key.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new ApiAccess.ClientCertificate(chain.get(), key.get()));
    }

    /** A kubeconfig that holds a secret itself is a secret file: refused if every user may read it. */
    private boolean secretKubeconfig(String field) {
      try {
        Secret.fromFile(file);
        return true;
      } catch (Secret.Unavailable e) {
        problems.add(where + ": holds a " + field + " and " + e.getMessage());
        return false;
      }
    }

    private Optional<byte[]> decode(String field, String base64) {
      try {
        return Optional.of(Base64.getMimeDecoder().decode(base64));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + field + " is not base64 (expected: a base64-encoded PEM text)");
        return Optional.empty();
      }
    }

    private Path resolve(String path) {
      Path p = Path.of(path);
      Path dir = file.toAbsolutePath().getParent();
      return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.startsWith("127.") || host.equals("::1");
  }

  private static Optional<JsonNode> named(JsonNode root, String list, String name) {
    for (JsonNode entry : root.path(list)) {
      if (name.equals(entry.path("name").asText(null))) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  private static String names(JsonNode root, String list) {
    List<String> names = new java.util.ArrayList<>();
    root.path(list).forEach(e -> text(e.path("name")).ifPresent(names::add));
    return names.isEmpty() ? "(none)" : String.join(", ", names);
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
  }
}
