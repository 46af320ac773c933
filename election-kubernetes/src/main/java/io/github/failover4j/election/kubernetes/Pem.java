package io.github.failover4j.election.kubernetes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM certificates and private keys as Kubernetes writes them. Keys come in three forms:
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), which the JDK reads, and PKCS#1 RSA ({@code BEGIN RSA
 * PRIVATE KEY}) and SEC1 EC ({@code BEGIN EC PRIVATE KEY}), which kubeadm and most clusters'
 * kubeconfigs hold and the JDK cannot read: BouncyCastle's PEM parser reads all three. Errors name
 * the source and the problem, never the content.
 */
final class Pem {
  private Pem() {}

  /** A PEM text that is not what it should be; the message names the problem, not the content. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /**
   * Reads every certificate of a PEM text.
   *
   * @param pem the text
   * @return the certificates, at least one
   * @throws Unreadable if there is none, or one is broken
   */
  static List<X509Certificate> certificates(byte[] pem) throws Unreadable {
    try {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem)).stream().map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw new Unreadable("holds no certificate (expected: PEM, BEGIN CERTIFICATE)");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new Unreadable("is not a PEM certificate (expected: BEGIN CERTIFICATE)");
    }
  }

  /**
   * Reads an unencrypted private key: PKCS#8, PKCS#1 RSA or SEC1 EC (whose {@code EC PARAMETERS}
   * block, if any, is skipped).
   *
   * @param pem the text
   * @return the key
   * @throws Unreadable if it holds no key of those forms, or an encrypted one
   */
  static PrivateKey privateKey(byte[] pem) throws Unreadable {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (!(o instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier)) {
          throw new Unreadable("holds no unencrypted private key (expected: BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY"
              + " or BEGIN EC PRIVATE KEY; encrypted keys are not supported)");
        }
      }
    } catch (IOException | RuntimeException e) {
      // the exception's class only: a parser's message may quote what it read
      throw new Unreadable("is not a PEM private key (" + e.getClass().getSimpleName() + ")");
    }
    throw new Unreadable("holds no private key (expected: BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC"
        + " PRIVATE KEY)");
  }
}
