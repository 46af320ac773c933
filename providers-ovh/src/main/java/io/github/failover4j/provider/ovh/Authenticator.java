package io.github.failover4j.provider.ovh;

import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** Proves a request's origin to OVH: by signing it ({@link Signer}) or with an OAuth2 bearer token ({@link OAuth2Tokens}). */
interface Authenticator {
  /**
   * Adds the credentials to a request about to be sent.
   *
   * @param call the operation, for a request the credentials need first (the server's time, a token)
   * @param request the request without credentials
   * @param method its method, e.g. {@code POST}
   * @param url its URL, exactly as it is sent
   * @param body its body, exactly as it is sent; empty for none
   * @return the request to send
   * @throws IpMoverException if what the credentials need could not be had
   */
  Request authorize(MoverCall call, Request.Builder request, String method, HttpUrl url, String body)
      throws IpMoverException;

  /**
   * Tells whether a refused request is worth sending once more, and prepares that: after a refused
   * signature the clock is synchronised again, after an expired token a new one is asked for.
   *
   * @param refused the answer
   * @return true to send the request once more
   */
  boolean recover(Reply refused);

  /**
   * Removes every credential, and every token obtained with one, from a text.
   *
   * @param text e.g. an error body
   * @return the text without them
   */
  String redact(String text);
}
