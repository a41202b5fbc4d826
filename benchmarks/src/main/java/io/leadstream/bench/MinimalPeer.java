package io.leadstream.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The least an HTTP-to-Kafka endpoint can do, as the gateway benchmark's yardstick: a Vert.x HTTP
 * server (one per event loop, as the gateway) with one Kafka producer ({@code acks=all},
 * idempotent), answering 202 once the record is acknowledged. No auth, limits, checks, logging or
 * metrics; {@code send()} is called on the event loop.
 *
 * <p>{@code java ... MinimalPeer PORT BOOTSTRAP TOPIC}; runs until killed.
 */
public final class MinimalPeer {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String bootstrap = args[1];
    String topic = args[2];
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "true",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName()));
    producer.partitionsFor(topic); // metadata first, so that no send waits for it
    AtomicLong keys = new AtomicLong();
    Vertx vertx = Vertx.vertx(new VertxOptions());
    int loops = Runtime.getRuntime().availableProcessors();
    HttpServerOptions options =
        new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true);
    vertx
        .deployVerticle(
            () ->
                new VerticleBase() {
                  @Override
                  public Future<?> start() {
                    return vertx
                        .createHttpServer(options)
                        .requestHandler(
                            request ->
                                request
                                    .body()
                                    .onSuccess(
                                        body -> {
                                          Context context = vertx.getOrCreateContext();
                                          byte[] key =
                                              Long.toString(keys.incrementAndGet())
                                                  .getBytes(StandardCharsets.US_ASCII);
                                          producer.send(
                                              new ProducerRecord<>(topic, key, body.getBytes()),
                                              (metadata, error) ->
                                                  context.runOnContext(
                                                      v ->
                                                          request
                                                              .response()
                                                              .setStatusCode(
                                                                  error == null ? 202 : 503)
                                                              .end()));
                                        }))
                        .listen();
                  }
                },
            new DeploymentOptions().setInstances(loops))
        .await(30, TimeUnit.SECONDS);
    System.out.println("minimal peer listening on " + port);
    Runtime.getRuntime().addShutdownHook(new Thread(producer::close));
  }

  private MinimalPeer() {}
}
