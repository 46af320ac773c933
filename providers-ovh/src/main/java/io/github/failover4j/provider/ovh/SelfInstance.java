package io.github.failover4j.provider.ovh;

import io.github.failover4j.provider.support.MetadataClient;
import io.github.failover4j.provider.support.SelfId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This Public Cloud instance's OpenStack id, which OVH's attach call names: configured, or read
 * from the OpenStack metadata service ({@code /openstack/latest/meta_data.json}, field
 * {@code uuid}) on the first operation that needs it, and kept from then on.
 */
final class SelfInstance {
  private static final Logger LOG = LoggerFactory.getLogger(SelfInstance.class);

  private SelfInstance() {}

  /**
   * Makes the identity.
   *
   * @param configured the id from the settings, lower case, or empty for {@code auto}
   * @param metadata the metadata service, e.g. at {@code http://169.254.169.254}
   * @return the id, lower case, found when first needed
   */
  static SelfId<String> of(Optional<String> configured, MetadataClient metadata) {
    return new SelfId<>(configured, call -> {
      String id = metadata.openStackInstanceId(call,
          "on a host that is not an OVH Public Cloud instance, set instance to its id");
      LOG.info("this instance's OpenStack id is {} (from the metadata service)", id);
      return id;
    });
  }
}
