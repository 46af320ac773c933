package io.github.failover4j.provider.openstack;

import io.github.failover4j.provider.support.ConfigReader;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * How a mover authenticates to Keystone v3, and which Neutron endpoint of the catalog it uses.
 *
 * <p>The values come from one source, chosen as openstacksdk chooses it: the {@code clouds.yaml}
 * entry named by the {@code cloud} setting or else by {@code OS_CLOUD}; without either, the
 * {@code OS_*} environment variables (openstacksdk's {@code envvars} cloud), if any besides the
 * selectors ({@code OS_CLOUD}, {@code OS_REGION_NAME}, {@code OS_CLIENT_CONFIG_FILE},
 * {@code OS_CLIENT_SECURE_FILE}, {@code OS_CLOUD_NAME}) is set; without them, the only cloud of
 * clouds.yaml. The mover's explicit settings ({@code authUrl}, {@code username}, …) then override
 * that source's values one by one, as openstacksdk's arguments do. The sources are not mixed
 * otherwise: an {@code OS_PASSWORD} is not merged into a clouds.yaml entry.
 *
 * @param authUrl Keystone's v3 base URL, ending in {@code /v3}
 * @param auth the credentials proper
 * @param region the region of the endpoint, if the source names one
 * @param endpointInterface {@code public}, {@code internal} or {@code admin}
 * @param source where the values came from, for messages
 */
record OpenStackCredentials(HttpUrl authUrl, Auth auth, Optional<String> region, String endpointInterface,
    String source) {

  /** The two ways of authenticating that a mover supports. */
  sealed interface Auth permits Password, ApplicationCredential {
    /**
     * Removes the secret from a text.
     *
     * @param text e.g. an error body
     * @return the text without the secret
     */
    String redact(String text);
  }

  /**
   * A user name (or id) and password, scoped to a project: the token's catalog is the project's.
   *
   * @param user the user
   * @param password the password
   * @param project the project
   */
  record Password(Ref user, Secret password, Ref project) implements Auth {
    @Override
    public String redact(String text) {
      return password.redact(text);
    }

    @Override
    public String toString() {
      return "password of user " + user + " in project " + project;
    }
  }

  /**
   * An application credential, which carries its own project scope (and may be restricted by
   * access rules to the few Neutron calls a mover makes).
   *
   * @param id its id
   * @param secret its secret
   */
  record ApplicationCredential(String id, Secret secret) implements Auth {
    @Override
    public String redact(String text) {
      return secret.redact(text);
    }

    @Override
    public String toString() {
      return "application credential " + id;
    }
  }

  /**
   * A user or project, by id, or by name within a domain (itself by id or name).
   *
   * @param field {@code id} or {@code name}
   * @param value the id or name
   * @param domain the domain of a name
   */
  record Ref(String field, String value, Optional<Ref> domain) {
    static Ref id(String id) {
      return new Ref("id", id, Optional.empty());
    }

    static Ref name(String name, Ref domain) {
      return new Ref("name", name, Optional.of(domain));
    }

    @Override
    public String toString() {
      return value + domain.map(d -> " (domain " + d.value() + ")").orElse("");
    }
  }

  /** Keystone's default domain, which the openstack CLI assumes when no domain is named. */
  private static final Ref DEFAULT_DOMAIN = Ref.id("default");

  /** openstacksdk's selectors: they alone do not make the environment a source. */
  private static final Set<String> SELECTORS = Set.of("OS_CLOUD", "OS_REGION_NAME", "OS_CLIENT_CONFIG_FILE",
      "OS_CLIENT_SECURE_FILE", "OS_CLOUD_NAME");

  /** The explicit settings, the clouds.yaml key each overrides, and that key's alternatives it clears. */
  private static final Map<String, List<String>> EXPLICIT = Map.ofEntries(
      Map.entry("authUrl", List.of("auth_url")),
      Map.entry("username", List.of("username", "user_id")),
      Map.entry("project", List.of("project_name", "project_id", "tenant_name", "tenant_id")),
      Map.entry("projectId", List.of("project_id", "project_name", "tenant_name", "tenant_id")),
      Map.entry("userDomain", List.of("user_domain_name", "user_domain_id")),
      Map.entry("userDomainId", List.of("user_domain_id", "user_domain_name")),
      Map.entry("projectDomain", List.of("project_domain_name", "project_domain_id")),
      Map.entry("projectDomainId", List.of("project_domain_id", "project_domain_name")),
      Map.entry("applicationCredentialId", List.of("application_credential_id", "application_credential_name")),
      Map.entry("region", List.of("region_name")),
      Map.entry("interface", List.of("interface", "endpoint_type")));

  private static final Set<String> PASSWORD_KEYS = Set.of("username", "passwordFile", "project", "projectId",
      "userDomain", "userDomainId", "projectDomain", "projectDomainId");
  private static final Set<String> APPLICATION_CREDENTIAL_KEYS = Set.of("applicationCredentialId",
      "applicationCredentialSecretFile");

  /** What the explicit settings override: the source's values, and where they came from. */
  private record Source(Map<String, String> values, String description, Optional<CloudsYaml.Entry> cloud,
      boolean environment) {}

  /** The source of a cloud that could not be read: the problem is reported, nothing more is checked. */
  private static final Source NONE = new Source(Map.of(), "none", Optional.empty(), false);

  /** Settings that name the same thing two ways: one of each pair at most. */
  private static final List<List<String>> ALTERNATIVES = List.of(List.of("project", "projectId"),
      List.of("userDomain", "userDomainId"), List.of("projectDomain", "projectDomainId"));

  /**
   * Finds the credentials of a mover's settings, reading clouds.yaml, secure.yaml, secret files
   * and the environment, never the network.
   *
   * @param config the mover's settings
   * @param environment the {@code OS_*} variables
   * @param locations where clouds.yaml may be
   * @param problems where every problem is added
   * @return the credentials, or empty if there were problems
   */
  static Optional<OpenStackCredentials> resolve(MoverConfig config, Environment environment,
      CloudsYaml.Locations locations, List<String> problems) {
    int before = problems.size();
    for (List<String> pair : ALTERNATIVES) {
      if (config.get(pair.get(0)).isPresent() && config.get(pair.get(1)).isPresent()) {
        problems.add(pair.get(1) + ": set with " + pair.get(0) + " (expected: one of them)");
      }
    }
    int unread = problems.size();
    Source source = source(config, environment, locations, problems);
    if (problems.size() > unread) {
      return Optional.empty(); // a cloud that cannot be had: what it lacks would only repeat that
    }
    Map<String, String> values = new HashMap<>(source.values());
    List<String> overridden = new ArrayList<>();
    EXPLICIT.forEach((key, sdkKeys) -> config.get(key).ifPresent(value -> {
      sdkKeys.forEach(values::remove);
      values.put(sdkKeys.get(0), value);
      overridden.add(key);
    }));
    boolean explicit = !overridden.isEmpty() || secretFiles(config);
    String description = !explicit ? source.description()
        : source.values().isEmpty() ? "the mover's settings" : source.description() + " and the mover's settings";
    HttpUrl authUrl = authUrl(values.get("auth_url"), source, problems);
    Auth auth = auth(config, values, source, environment, problems);
    String endpointInterface = endpointInterface(Optional.ofNullable(values.get("interface"))
        .orElse(values.get("endpoint_type")), problems);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new OpenStackCredentials(authUrl, auth, Optional.ofNullable(values.get("region_name")),
        endpointInterface, description));
  }

  private static boolean secretFiles(MoverConfig config) {
    return config.get("passwordFile").isPresent() || config.get("applicationCredentialSecretFile").isPresent();
  }

  private static Source source(MoverConfig config, Environment environment, CloudsYaml.Locations locations,
      List<String> problems) {
    Optional<String> named = config.get("cloud").or(() -> environment.get("OS_CLOUD"));
    String key = config.get("cloud").isPresent() ? "cloud" : "OS_CLOUD";
    if (named.isPresent()) {
      int before = problems.size();
      Optional<CloudsYaml> clouds = CloudsYaml.find(environment, locations, problems);
      if (clouds.isEmpty()) {
        if (problems.size() == before) {
          problems.add(key + ": " + named.get() + " (expected: a cloud of clouds.yaml, but there is none in "
              + "OS_CLIENT_CONFIG_FILE or " + locations.directories() + ")");
        }
        return NONE;
      }
      Optional<CloudsYaml.Entry> entry = clouds.get().entry(named.get());
      if (entry.isEmpty()) {
        problems.add(key + ": " + named.get() + " (expected: one of the clouds of " + clouds.get().file() + ": "
            + String.join(", ", clouds.get().names()) + ")");
        return NONE;
      }
      return fromCloud(entry.get());
    }
    Map<String, String> variables = environment.startingWith("OS_");
    if (!SELECTORS.containsAll(variables.keySet())) {
      Map<String, String> values = new HashMap<>();
      // openstacksdk's envvars cloud: OS_FOO_BAR is foo_bar
      variables.forEach((name, value) -> values.put(name.substring(3).toLowerCase(Locale.ROOT), value));
      return new Source(values, "the OS_* environment variables", Optional.empty(), true);
    }
    Optional<CloudsYaml> clouds = CloudsYaml.find(environment, locations, problems);
    if (clouds.isPresent() && clouds.get().names().size() == 1) {
      return fromCloud(clouds.get().entry(clouds.get().names().iterator().next()).orElseThrow());
    }
    String found = clouds.map(c -> c.file() + ", whose clouds " + String.join(", ", c.names())
        + " need cloud or OS_CLOUD to choose one").orElse("no clouds.yaml");
    return new Source(Map.of(), "no OS_* variables, " + found, Optional.empty(), false);
  }

  private static Source fromCloud(CloudsYaml.Entry entry) {
    return new Source(entry.values(), entry.describe(), Optional.of(entry), false);
  }

  private static HttpUrl authUrl(String value, Source source, List<String> problems) {
    if (value == null) {
      problems.add("authUrl: missing (expected: Keystone's URL, e.g. https://keystone.example.com:5000/v3, as authUrl, "
          + "OS_AUTH_URL or auth.auth_url of a clouds.yaml cloud; looked in " + source.description() + ")");
      return null;
    }
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      problems.add("authUrl: " + value + " (expected: an http or https URL such as https://keystone.example.com:5000/v3)");
      return null;
    }
    List<String> segments = new ArrayList<>(url.pathSegments());
    segments.removeIf(String::isEmpty);
    String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    if (last.equals("v2.0")) {
      problems.add("authUrl: " + value + " (expected: Keystone's v3 API; v2.0 is not supported)");
      return null;
    }
    HttpUrl.Builder base = url.newBuilder().encodedPath("/").query(null).fragment(null);
    segments.forEach(base::addPathSegment);
    if (!last.equals("v3")) {
      base.addPathSegment("v3");
    }
    return base.build();
  }

  private static Auth auth(MoverConfig config, Map<String, String> values, Source source, Environment environment,
      List<String> problems) {
    boolean explicitPassword = PASSWORD_KEYS.stream().anyMatch(k -> config.get(k).isPresent());
    boolean explicitCredential = APPLICATION_CREDENTIAL_KEYS.stream().anyMatch(k -> config.get(k).isPresent());
    if (explicitPassword && explicitCredential) {
      String credential = APPLICATION_CREDENTIAL_KEYS.stream().filter(k -> config.get(k).isPresent()).sorted()
          .findFirst().orElseThrow();
      problems.add(credential + ": set with " + PASSWORD_KEYS.stream().filter(k -> config.get(k).isPresent())
          .sorted().collect(Collectors.joining(", ")) + " (expected: either a password or an application credential)");
      return null;
    }
    boolean credential;
    if (explicitPassword || explicitCredential) {
      credential = explicitCredential;
    } else if (values.containsKey("auth_type")) {
      String type = values.get("auth_type").toLowerCase(Locale.ROOT).replace('_', '-');
      switch (type) {
        case "password", "v3password" -> credential = false;
        case "v3applicationcredential", "applicationcredential", "application-credential",
            "v3application-credential" -> credential = true;
        default -> {
          problems.add("auth_type: " + values.get("auth_type") + " of " + source.description()
              + " (expected: password or v3applicationcredential, the two that failover4j supports)");
          return null;
        }
      }
    } else {
      credential = values.containsKey("application_credential_id") || values.containsKey("application_credential_secret")
          || values.containsKey("application_credential_name");
    }
    return credential ? applicationCredential(config, values, source, environment, problems)
        : password(config, values, source, environment, problems);
  }

  private static Auth password(MoverConfig config, Map<String, String> values, Source source, Environment environment,
      List<String> problems) {
    Ref user = null;
    if (values.containsKey("user_id")) {
      user = Ref.id(values.get("user_id"));
    } else if (values.containsKey("username")) {
      user = Ref.name(values.get("username"), domain(values, "user"));
    } else {
      problems.add("username: missing (expected: the user, as username, OS_USERNAME or auth.username of a clouds.yaml "
          + "cloud; or an application credential; looked in " + source.description() + ")");
    }
    Ref project = null;
    if (values.containsKey("project_id") || values.containsKey("tenant_id")) {
      project = Ref.id(values.getOrDefault("project_id", values.get("tenant_id")));
    } else if (values.containsKey("project_name") || values.containsKey("tenant_name")) {
      project = Ref.name(values.getOrDefault("project_name", values.get("tenant_name")), domain(values, "project"));
    } else {
      problems.add("project: missing (expected: the project whose floating IPs and ports the mover changes, as project, "
          + "projectId, OS_PROJECT_NAME, OS_PROJECT_ID or auth.project_name of a clouds.yaml cloud; looked in "
          + source.description() + ")");
    }
    Secret password = secret(config, "passwordFile", "OS_PASSWORD", "password", source, environment, problems,
        "the user's password");
    return user == null || project == null || password == null ? null : new Password(user, password, project);
  }

  /**
   * The domain of a user or project name: its own, else the source's {@code domain_*} (which
   * openstacksdk applies to both), else Keystone's default domain.
   */
  private static Ref domain(Map<String, String> values, String of) {
    for (String prefix : List.of(of + "_domain_", "domain_")) {
      if (values.containsKey(prefix + "id")) {
        return Ref.id(values.get(prefix + "id"));
      }
      if (values.containsKey(prefix + "name")) {
        return new Ref("name", values.get(prefix + "name"), Optional.empty());
      }
    }
    return DEFAULT_DOMAIN;
  }

  private static Auth applicationCredential(MoverConfig config, Map<String, String> values, Source source,
      Environment environment, List<String> problems) {
    String id = values.get("application_credential_id");
    if (id == null) {
      problems.add("applicationCredentialId: " + (values.containsKey("application_credential_name")
          ? "missing; an application credential named without its id is not supported" : "missing")
          + " (expected: the application credential's id, as applicationCredentialId, OS_APPLICATION_CREDENTIAL_ID or "
          + "auth.application_credential_id of a clouds.yaml cloud; looked in " + source.description() + ")");
    }
    Secret secret = secret(config, "applicationCredentialSecretFile", "OS_APPLICATION_CREDENTIAL_SECRET",
        "application_credential_secret", source, environment, problems, "the application credential's secret");
    return id == null || secret == null ? null : new ApplicationCredential(id, secret);
  }

  /**
   * A secret from the file the settings name, else from the source: the environment variable, or
   * the clouds.yaml entry, whose file must then not be readable by every user.
   */
  private static Secret secret(MoverConfig config, String fileKey, String variable, String sdkKey, Source source,
      Environment environment, List<String> problems, String what) {
    Optional<String> file = config.get(fileKey);
    if (file.isPresent()) {
      return new ConfigReader(config, problems).secretFile(fileKey, file.get(), what);
    }
    if (source.environment() && environment.get(variable).isPresent()) {
      return environment.secret(variable);
    }
    if (source.cloud().isPresent() && source.values().containsKey(sdkKey)) {
      CloudsYaml.Entry entry = source.cloud().get();
      Path origin = entry.origin(sdkKey);
      if (readableByEveryone(origin)) {
        problems.add(fileKey + ": missing, and " + sdkKey + " of " + entry.describe() + " is in " + origin
            + ", which is readable by every user (expected: chmod o-r " + origin + ", or the secret in secure.yaml "
            + "or in a file named by " + fileKey + ")");
        return null;
      }
      String value = source.values().get(sdkKey);
      if (value.isBlank()) {
        problems.add(fileKey + ": missing, and " + sdkKey + " of " + entry.describe() + " is empty (expected: " + what
            + ")");
        return null;
      }
      return Secret.of(value);
    }
    problems.add(fileKey + ": missing (expected: a file holding " + what + ", " + variable + ", or " + sdkKey
        + " in a clouds.yaml or secure.yaml cloud; looked in " + source.description() + ")");
    return null;
  }

  private static boolean readableByEveryone(Path file) {
    try {
      return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException | UnsupportedOperationException e) {
      return false; // read a moment ago; a file system without POSIX permissions has no "others"
    }
  }

  private static String endpointInterface(String value, List<String> problems) {
    if (value == null) {
      return "public";
    }
    // openstacksdk also accepts the Keystone v2 spelling, e.g. publicURL
    String normalized = value.toLowerCase(Locale.ROOT);
    if (normalized.endsWith("url")) {
      normalized = normalized.substring(0, normalized.length() - 3);
    }
    if (!Set.of("public", "internal", "admin").contains(normalized)) {
      problems.add("interface: " + value + " (expected: public, internal or admin)");
      return null;
    }
    return normalized;
  }

  /**
   * Removes the credential's secret from a text.
   *
   * @param text e.g. an error body
   * @return the text without it
   */
  String redact(String text) {
    return auth.redact(text);
  }

  /** Describes the credentials without their secret. */
  @Override
  public String toString() {
    return auth + " at " + authUrl + ", " + endpointInterface + " endpoints" + region.map(r -> " of region " + r).orElse("")
        + ", from " + source;
  }
}
