package io.leadstream.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server on one event loop. Vert.x shares a port only between servers that verticle
 * instances create, so the gateway deploys one of these per event loop, all on the same port, and
 * the kernel's accepts are spread over them.
 */
final class Listener extends VerticleBase {

  private final HttpServerOptions options;
  private final GatewayHandler handler;
  private final BatchHandler batch;
  private final boolean publicListener;
  private volatile HttpServer server;

  Listener(
      HttpServerOptions options,
      GatewayHandler handler,
      BatchHandler batch,
      boolean publicListener) {
    this.options = new HttpServerOptions(options);
    this.handler = handler;
    this.batch = batch;
    this.publicListener = publicListener;
  }

  @Override
  public Future<?> start() {
    server =
        vertx
            .createHttpServer(options)
            .requestHandler(batch.before(handler.listener(publicListener), publicListener))
            .invalidRequestHandler(handler.invalidRequests());
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
