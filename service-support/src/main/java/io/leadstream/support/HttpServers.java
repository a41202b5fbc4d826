package io.leadstream.support;

import io.vertx.core.http.HttpServerOptions;

/** The one rule for how every Leadstream HTTP server listens. */
public final class HttpServers {

  private HttpServers() {}

  /**
   * Options for a server on {@code host:port} that speaks HTTP/1.1 on plain HTTP and declines the
   * h2c upgrade that clients such as the JDK's {@code HttpClient} offer by default. Webhook
   * senders, probes and browsers speak HTTP/1.1; Vert.x's maintainers advise against the h2c
   * upgrade in production, and an upgraded connection once handed a JDK client a large response it
   * could not parse as HTTP/2 frames.
   */
  public static HttpServerOptions options(String host, int port) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        .setHttp2ClearTextEnabled(false);
  }
}
