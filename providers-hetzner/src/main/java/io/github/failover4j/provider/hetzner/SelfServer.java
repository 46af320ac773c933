package io.github.failover4j.provider.hetzner;

import io.github.failover4j.provider.support.MetadataClient;
import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.provider.support.SelfId;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's Hetzner Cloud id: configured, or read from the Hetzner Cloud metadata service
 * ({@code instance-id}, plain text, not part of the API's description) on the first operation that
 * needs it, and kept from then on.
 */
final class SelfServer {
  private static final Logger LOG = LoggerFactory.getLogger(SelfServer.class);

  private SelfServer() {}

  /**
   * Makes the identity.
   *
   * @param configured the id from the settings, or empty for {@code auto}
   * @param metadata the metadata service, e.g. at {@code http://169.254.169.254/hetzner/v1/metadata}
   * @return the id, found when first needed
   */
  static SelfId<Long> of(OptionalLong configured, MetadataClient metadata) {
    return new SelfId<>(configured.isPresent() ? Optional.of(configured.getAsLong()) : Optional.empty(),
        call -> find(metadata, call));
  }

  /**
   * Reads this server's id.
   *
   * @throws IpMoverException RETRYABLE if the service did not answer, PERMANENT if it answered
   *     something other than an id
   */
  private static long find(MetadataClient metadata, MoverCall call) throws IpMoverException {
    HttpUrl url = metadata.url("instance-id");
    String what = "read this server's id from the metadata service " + url
        + " (on a host that is not a Hetzner Cloud server, set server to its id)";
    Reply reply = metadata.get(call, url, what);
    String text = reply.body().strip();
    if (!reply.ok() || !HetznerConfig.ID.matcher(text).matches()) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
      throw IpMoverException.permanent(what + ": HTTP " + reply.status() + " \"" + shown
          + "\" (expected: a server id)");
    }
    long found = Long.parseLong(text);
    LOG.info("this server's Hetzner Cloud id is {} (from the metadata service)", found);
    return found;
  }
}
