package io.leadstream.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Concurrent senders posting {@link LeadMix} leads to the gateway over real HTTP, each customer's
 * leads in order by one sender, until {@code limit} posts are made or {@link #stop()} is called.
 * Half the senders put the token in {@code ?code=}, half in {@code Authorization: Bearer}. Every
 * answer is kept.
 */
final class LoadGenerator implements AutoCloseable {

  /** One answer: status (-1 when the request failed without one), ingest id, Retry-After. */
  record Answer(
      int status,
      String id,
      String retryAfter,
      long startNanos,
      long endNanos,
      LeadMix.Kind kind) {}

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(in_[0-9a-z]+)\"");

  private final URI leads;
  private final List<String> tokens;
  private final int senders;
  private final int limit;
  private final long seed;
  private final HttpClient http;
  private final ExecutorService pool;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger nextCustomer = new AtomicInteger();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Future<?>> tasks = new ArrayList<>();
  private final AtomicLong nextSlot = new AtomicLong();
  private volatile long slotNanos;

  LoadGenerator(URI gateway, List<String> tokens, int senders, int limit, long seed) {
    this.leads = gateway.resolve("/v1/leads");
    this.tokens = List.copyOf(tokens);
    this.senders = senders;
    this.limit = limit;
    this.seed = seed;
    this.pool = Executors.newFixedThreadPool(senders);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Posts every fixture once, from the calling thread. */
  void postFixtures() {
    for (LeadMix.Post post : LeadMix.fixtures()) {
      post(post, 0);
    }
  }

  /**
   * At most {@code postsPerSecond} posts per second from all senders together (default: as fast as
   * they can), so that the leads' deadlines are spread over the run; call before {@link #start()}.
   */
  LoadGenerator pace(double postsPerSecond) {
    slotNanos = (long) (1_000_000_000L / postsPerSecond);
    return this;
  }

  /** Starts the senders. */
  LoadGenerator start() {
    nextSlot.set(System.nanoTime());
    for (int s = 0; s < senders; s++) {
      int sender = s;
      tasks.add(pool.submit(() -> run(sender)));
    }
    return this;
  }

  private void run(int sender) {
    while (running.get()) {
      int customer = nextCustomer.getAndIncrement();
      for (LeadMix.Post post : LeadMix.script(customer, seed)) {
        if (!running.get() || sent.incrementAndGet() > limit) {
          running.set(false);
          return;
        }
        awaitSlot();
        post(post, sender);
      }
    }
  }

  /** Waits for this post's turn when paced (a rate limit, not a wait for a condition). */
  private void awaitSlot() {
    if (slotNanos == 0) {
      return;
    }
    long slot = nextSlot.getAndAdd(slotNanos);
    for (long wait = slot - System.nanoTime(); wait > 0 && running.get(); ) {
      LockSupport.parkNanos(wait);
      wait = slot - System.nanoTime();
    }
  }

  private void post(LeadMix.Post post, int sender) {
    String token = tokens.get(sender % tokens.size());
    HttpRequest.Builder request =
        HttpRequest.newBuilder()
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(post.body()));
    if (sender % 2 == 0) {
      request.uri(URI.create(leads + "?code=" + token));
    } else {
      request.uri(leads).header("Authorization", "Bearer " + token);
    }
    long begin = System.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Matcher m = ID.matcher(response.body());
      String id = m.find() ? m.group(1) : null;
      answers.add(
          new Answer(
              response.statusCode(),
              id,
              response.headers().firstValue("Retry-After").orElse(null),
              begin,
              System.nanoTime(),
              post.kind()));
    } catch (IOException e) {
      answers.add(new Answer(-1, null, null, begin, System.nanoTime(), post.kind()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /** Asks the senders to stop after their current request. */
  void stop() {
    running.set(false);
  }

  boolean running() {
    return running.get();
  }

  /** Waits until every sender has stopped (the limit was reached or {@link #stop()} called). */
  void awaitDone(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Future<?> task : tasks) {
      long left = deadline - System.nanoTime();
      try {
        task.get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        stop();
        throw new AssertionError("the load generator did not finish within " + timeout, e);
      }
    }
  }

  /** Requests made so far. */
  int sent() {
    return answers.size();
  }

  List<Answer> answers() {
    return List.copyOf(answers);
  }

  long count(int status) {
    return answers.stream().filter(a -> a.status() == status).count();
  }

  long countSince(int status, long nanos) {
    return answers.stream().filter(a -> a.status() == status && a.startNanos() > nanos).count();
  }

  /** Ingest ids of the 202 answers. */
  List<String> acknowledged() {
    return answers.stream().filter(a -> a.status() == 202).map(Answer::id).toList();
  }

  /** Ingest ids of the 400 answers (each must be on leads.dlq). */
  List<String> rejectedButKept() {
    return answers.stream()
        .filter(a -> a.status() == 400 && a.id() != null)
        .map(Answer::id)
        .toList();
  }

  @Override
  public void close() {
    stop();
    pool.shutdownNow();
  }
}
