package io.leadstream.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server on one event loop. Vert.x shares a port only between servers that verticle
 * instances create, so the gateway deploys one of these per event loop, all on the same port, and
 * the kernel's accepts are spread over them.
 */
final class Listener extends VerticleBase {

  private final HttpServerOptions options;
  private final Handler<HttpServerRequest> router;
  private final Handler<HttpServerRequest> invalidRequests;
  private volatile HttpServer server;

  Listener(
      HttpServerOptions options,
      Handler<HttpServerRequest> router,
      Handler<HttpServerRequest> invalidRequests) {
    this.options = new HttpServerOptions(options);
    this.router = router;
    this.invalidRequests = invalidRequests;
  }

  @Override
  public Future<?> start() {
    server =
        vertx
            .createHttpServer(options)
            .requestHandler(router)
            .invalidRequestHandler(invalidRequests);
    return server.listen();
  }

  int port() {
    return server.actualPort();
  }

  /** Stops accepting; open connections close once their current request is answered. */
  Future<Void> shutdown(Duration timeout) {
    return server.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
