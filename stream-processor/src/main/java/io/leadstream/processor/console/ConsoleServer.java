package io.leadstream.processor.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.LocalViews;
import io.leadstream.processor.views.LocalViews.FunnelFilter;
import io.leadstream.processor.views.LocalViews.NotQueryable;
import io.leadstream.processor.views.LocalViews.Page;
import io.leadstream.processor.views.LocalViews.TraceEntry;
import io.leadstream.processor.views.LocalViews.WorkItem;
import io.leadstream.schemas.IngestIds;
import io.leadstream.schemas.LeadIds;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.RequestIds;
import io.leadstream.support.HttpServers;
import io.leadstream.support.ProblemJson;
import io.leadstream.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server on {@code processor.console.port}: the API ({@code /api/v1/...}) and
 * the page ({@code /}), answered from {@link LocalViews} of this instance and, over HTTP, of the
 * other instances of the {@link Cluster}. A single lead comes from the instance that owns its key
 * (forwarded once, never twice: the forwarded call is marked {@link #SCOPE_HEADER}); lists and
 * aggregates are gathered from every instance and merged, and refused with 503 when together they
 * do not cover every partition.
 *
 * <p>Access: a Bearer token of {@code processor.console.tokens}, or the session cookie that {@code
 * GET /?code=TOKEN} sets (see {@link Sessions}). Neither a token nor a cookie is ever logged.
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

  /** Marks an instance-to-instance call: answer from local stores only, as a page. */
  static final String SCOPE_HEADER = "Leadstream-Console-Scope";

  static final String SCOPE_LOCAL = "local";
  static final String X_REQUEST_ID = RequestIds.HEADER;
  static final String JSON = "application/json";

  private static final String CONTEXT = "console.context";

  /** How long a caller is asked to wait after a 503. */
  static final int RETRY_AFTER_SECONDS = 5;

  private static final String RESOURCES = "/io/leadstream/processor/console/";
  private static final String SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Map<String, String> ASSETS =
      Map.of(
          "console.css", "text/css; charset=utf-8",
          "console.js", "text/javascript; charset=utf-8");

  private static final TypeReference<Page<WorkItem>> WORK_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<FunnelDay>> FUNNEL_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<TraceEntry>> TRACE_PAGE = new TypeReference<>() {};

  /** What answers: set once Kafka Streams exists (the port must be bound before). */
  private record Backend(LocalViews views, Cluster cluster) {}

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient client;
  private final ConsoleSettings settings;
  private final Tokens tokens;
  private final Sessions sessions;
  private final ConsoleMetrics metrics;
  private final Clock clock;
  private final Map<String, Buffer> pages;
  private volatile Backend backend;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private ConsoleServer(
      Vertx vertx, ConsoleSettings settings, MeterRegistry registry, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.tokens = new Tokens(settings.tokens());
    this.sessions = new Sessions(settings.tokens(), settings.sessionTtl(), clock);
    this.metrics = new ConsoleMetrics(registry);
    this.clock = clock;
    this.pages =
        Map.of(
            "index.html", resource("index.html"),
            "signin.html", resource("signin.html"),
            "console.css", resource("console.css"),
            "console.js", resource("console.js"),
            "console-openapi.json", resource("console-openapi.json"));
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) settings.forwardTimeout().toMillis())
                .setKeepAlive(true));
    this.server =
        vertx
            .createHttpServer(HttpServers.options(settings.host(), settings.port()))
            .requestHandler(router());
  }

  /**
   * Binds {@code processor.console.host:port} and returns once bound; the API answers 503 until
   * {@link #attach} gives it the views and the cluster.
   *
   * @throws IllegalStateException if the port cannot be bound
   */
  public static ConsoleServer start(ConsoleSettings settings, MeterRegistry registry, Clock clock) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
    try {
      ConsoleServer console = new ConsoleServer(vertx, settings, registry, clock);
      console.server.listen().await(30, TimeUnit.SECONDS);
      LOG.info("Console on http://{}:{}/ (API under /api/v1/)", settings.host(), console.port());
      return console;
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(
          "cannot serve the console on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** From now on, answers from {@code views} and routes by {@code cluster}. */
  public void attach(LocalViews views, Cluster cluster) {
    this.backend = new Backend(views, cluster);
  }

  /** The bound port. */
  public int port() {
    return server.actualPort();
  }

  /** The console's OpenAPI document (also served at {@code /api/v1/openapi.json}). */
  static String openApiDocument() {
    return resource("console-openapi.json").toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::begin).failureHandler(this::failure);
    Map<ConsoleRoutes.Route, Handler<RoutingContext>> handlers =
        Map.of(
            ConsoleRoutes.PAGE,
            this::page,
            ConsoleRoutes.LEAD_PAGE,
            this::leadPage,
            ConsoleRoutes.SIGN_OUT,
            this::signOut,
            ConsoleRoutes.ASSET,
            this::asset,
            ConsoleRoutes.LEAD,
            this::lead,
            ConsoleRoutes.WORK_QUEUE,
            this::workQueue,
            ConsoleRoutes.FUNNEL,
            this::funnel,
            ConsoleRoutes.TRACE,
            this::trace,
            ConsoleRoutes.OPENAPI,
            ctx -> send(ctx, 200, JSON, pages.get("console-openapi.json")));
    for (ConsoleRoutes.Route route : ConsoleRoutes.ALL) {
      Handler<RoutingContext> handler = handlers.get(route);
      if (handler == null) {
        throw new IllegalStateException("route without a handler: " + route.name());
      }
      io.vertx.ext.web.Route served = router.route(route.routerPath());
      served.handler(ctx -> method(ctx, route));
      if (route.api()) {
        served.handler(this::authorize);
      }
      served.handler(handler);
    }
    router.errorHandler(404, ctx -> answer(ctx, ConsoleProblem.notFound()));
    return router;
  }

  // ---- the frame of every answer ----

  private void begin(RoutingContext ctx) {
    String requestId = RequestIds.fromHeader(ctx.request().getHeader(X_REQUEST_ID));
    ctx.put(X_REQUEST_ID, requestId);
    ctx.put(CONTEXT, vertx.getOrCreateContext());
    ctx.put("route", ConsoleRoutes.UNMATCHED);
    long start = System.nanoTime();
    boolean local = SCOPE_LOCAL.equals(ctx.request().getHeader(SCOPE_HEADER));
    HttpServerResponse response = ctx.response();
    response
        .putHeader(X_REQUEST_ID, requestId)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", SECURITY_POLICY);
    ctx.addHeadersEndHandler(
        v -> {
          if (response.getStatusCode() == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
          }
        });
    // Counted when the answer is written; a client gone before that counts as 499.
    ctx.addBodyEndHandler(
        v ->
            metrics.request(
                ctx.get("route"), response.getStatusCode(), local, System.nanoTime() - start));
    ctx.addEndHandler(
        ended -> {
          if (ended.failed() && !response.ended()) {
            metrics.request(ctx.get("route"), 499, local, System.nanoTime() - start);
          }
        });
    ctx.next();
  }

  private static void method(RoutingContext ctx, ConsoleRoutes.Route route) {
    ctx.put("route", route.name());
    HttpMethod method = ctx.request().method();
    boolean allowed =
        method == route.method() || route.method() == HttpMethod.GET && method == HttpMethod.HEAD;
    if (!allowed) {
      ctx.response().putHeader(HttpHeaders.ALLOW, route.method().name());
      answer(ctx, ConsoleProblem.methodNotAllowed(route.method().name()));
      return;
    }
    ctx.next();
  }

  private void failure(RoutingContext ctx) {
    if (ctx.failure() == null && ctx.statusCode() == 404) {
      answer(ctx, ConsoleProblem.notFound());
      return;
    }
    LOG.error(
        "console request {} failed unexpectedly (status {})",
        requestId(ctx),
        ctx.statusCode(),
        ctx.failure());
    answer(ctx, ConsoleProblem.internal());
  }

  // ---- access ----

  private boolean signedIn(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
    return sessions.valid(cookie == null ? null : cookie.getValue());
  }

  private void authorize(RoutingContext ctx) {
    boolean bearer =
        tokens.accepts(Tokens.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)));
    // Both are checked, whichever is present, so the time taken does not say which was sent.
    boolean session = signedIn(ctx);
    if (bearer | session) {
      ctx.next();
    } else {
      answer(ctx, ConsoleProblem.unauthorized());
    }
  }

  /**
   * {@code GET /}: with {@code ?code=TOKEN}, a session cookie and a redirect to {@code /} (the
   * token leaves the address bar); signed in, the console page; else the sign-in form.
   */
  private void page(RoutingContext ctx) {
    String code;
    try {
      code = ctx.request().getParam("code");
    } catch (RuntimeException malformedQuery) {
      code = "";
    }
    if (code != null) {
      if (tokens.accepts(code)) {
        Cookie cookie =
            Cookie.cookie(Sessions.COOKIE, sessions.open())
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(ctx.request().isSSL())
                .setMaxAge(sessions.ttl().toSeconds());
        ctx.response().addCookie(cookie);
        ctx.response().putHeader(HttpHeaders.LOCATION, "/").setStatusCode(303).end();
      } else {
        send(ctx, 401, "text/html; charset=utf-8", signInPage(true));
      }
      return;
    }
    consolePage(ctx);
  }

  private void leadPage(RoutingContext ctx) {
    consolePage(ctx);
  }

  private void consolePage(RoutingContext ctx) {
    if (signedIn(ctx)) {
      send(ctx, 200, "text/html; charset=utf-8", pages.get("index.html"));
    } else {
      send(ctx, 200, "text/html; charset=utf-8", signInPage(false));
    }
  }

  private Buffer signInPage(boolean refused) {
    String html = pages.get("signin.html").toString(java.nio.charset.StandardCharsets.UTF_8);
    return Buffer.buffer(
        html.replace(
            "<!--refused-->",
            refused
                ? "<p class=\"error\" role=\"alert\" id=\"signin-error\">That token was not"
                    + " accepted.</p>"
                : ""));
  }

  private void signOut(RoutingContext ctx) {
    ctx.response()
        .addCookie(
            Cookie.cookie(Sessions.COOKIE, "")
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setMaxAge(0));
    ctx.response().putHeader(HttpHeaders.LOCATION, "/").setStatusCode(303).end();
  }

  private void asset(RoutingContext ctx) {
    String name = ctx.pathParam("asset");
    String type = ASSETS.get(name);
    if (type == null) {
      answer(ctx, ConsoleProblem.notFound());
      return;
    }
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    send(ctx, 200, type, pages.get(name));
  }

  // ---- the API ----

  private Backend backend(RoutingContext ctx) {
    Backend current = backend;
    if (current == null) {
      answer(ctx, ConsoleProblem.starting());
    }
    return current;
  }

  private static boolean forwarded(RoutingContext ctx) {
    return SCOPE_LOCAL.equals(ctx.request().getHeader(SCOPE_HEADER));
  }

  /** {@code GET /api/v1/leads/{leadId}}: from the owner of the key, here or forwarded once. */
  private void lead(RoutingContext ctx) {
    String leadId = ctx.pathParam("leadId");
    if (!LeadIds.isWellFormed(leadId)) {
      answer(ctx, ConsoleProblem.badRequest("leadId must be ld_ and 32 base32 characters"));
      return;
    }
    Backend current = backend(ctx);
    if (current == null) {
      return;
    }
    blocking(ctx, () -> current.cluster().ownerOfLead(leadId))
        .onSuccess(
            owner -> {
              if (owner.instance() == null) {
                answer(
                    ctx,
                    ConsoleProblem.noOwner(
                        "no instance owns the lead's partition"
                            + (owner.partition() >= 0 ? " " + owner.partition() : "")
                            + " now (a rebalance is under way)"));
              } else if (owner.instance().equals(current.cluster().self())) {
                localLead(ctx, current.views(), leadId);
              } else if (forwarded(ctx)) {
                // Sent here by an instance that thought this one owned it: the owner moved.
                answer(
                    ctx,
                    ConsoleProblem.noOwner(
                        "the lead's partition is moving to " + owner.instance()));
              } else {
                forwardLead(ctx, owner.instance(), leadId);
              }
            })
        .onFailure(ctx::fail);
  }

  private void localLead(RoutingContext ctx, LocalViews views, String leadId) {
    blocking(ctx, () -> views.lead(leadId))
        .onSuccess(
            view -> {
              if (view.isEmpty()) {
                answer(ctx, ConsoleProblem.unknownLead());
              } else {
                json(ctx, 200, write(view.get()));
              }
            })
        .onFailure(
            e -> {
              if (e instanceof NotQueryable notQueryable) {
                answer(ctx, ConsoleProblem.notQueryable(notQueryable.getMessage()));
              } else {
                ctx.fail(e);
              }
            });
  }

  private void forwardLead(RoutingContext ctx, Cluster.Instance owner, String leadId) {
    here(ctx, get(ctx, owner, "/api/v1/leads/" + leadId))
        .onSuccess(
            answer -> {
              int status = answer.status();
              if (status == 200 || status == 404 || status == 503) {
                send(ctx, status, answer.contentType(), answer.body());
              } else {
                LOG.warn("Console: {} answered {} for a forwarded lead", owner, status);
                answer(ctx, ConsoleProblem.noOwner("the owner " + owner + " did not answer"));
              }
            })
        .onFailure(
            e ->
                answer(
                    ctx,
                    ConsoleProblem.noOwner(
                        "the owner "
                            + owner
                            + " did not answer ("
                            + e.getClass().getSimpleName()
                            + ")")));
  }

  /** {@code GET /api/v1/leads?...}: the work queue of every instance. */
  private void workQueue(RoutingContext ctx) {
    Queries.WorkQueue query;
    try {
      query = Queries.workQueue(param(ctx));
    } catch (Queries.BadParameter e) {
      answer(ctx, ConsoleProblem.badRequest(e.getMessage()));
      return;
    }
    gather(
        ctx,
        "/api/v1/leads?" + query.query(),
        views -> views.workQueue(query.filter(), query.limit()),
        WORK_PAGE,
        merged -> {
          List<WorkItem> items = Merge.workQueue(merged, query.limit());
          ObjectNode root = LeadJson.mapper().createObjectNode();
          root.set("items", LeadJson.mapper().valueToTree(items));
          root.put("count", items.size());
          root.put("limit", query.limit());
          return root;
        });
  }

  /** {@code GET /api/v1/funnel?...}: the funnel of every instance, added up per day. */
  private void funnel(RoutingContext ctx) {
    FunnelFilter filter;
    try {
      filter = Queries.funnel(param(ctx), clock);
    } catch (Queries.BadParameter e) {
      answer(ctx, ConsoleProblem.badRequest(e.getMessage()));
      return;
    }
    gather(
        ctx,
        "/api/v1/funnel?" + Queries.funnelQuery(filter),
        views -> views.funnel(filter),
        FUNNEL_PAGE,
        merged -> FunnelReport.of(filter, Merge.funnel(merged, filter.from(), filter.to())));
  }

  /** {@code GET /api/v1/trace/{ingestId}}: what every instance knows of one received record. */
  private void trace(RoutingContext ctx) {
    String ingestId = ctx.pathParam("ingestId");
    if (!IngestIds.INGEST_ID.matcher(ingestId).matches()) {
      answer(ctx, ConsoleProblem.badRequest("ingestId must be in_ and 26 base32 characters"));
      return;
    }
    gather(
        ctx,
        "/api/v1/trace/" + ingestId,
        views -> views.trace(ingestId),
        TRACE_PAGE,
        merged -> {
          List<TraceEntry> entries = Merge.trace(merged);
          if (entries.isEmpty()) {
            return null;
          }
          ObjectNode root = LeadJson.mapper().createObjectNode();
          root.put("ingestId", ingestId);
          root.set("entries", LeadJson.mapper().valueToTree(entries));
          return root;
        });
  }

  /**
   * Answers a gathered route: a forwarded call with this instance's page; a caller with the merge
   * of every instance's page, or 503 when together they miss a partition. A merge of null is 404.
   */
  private <T> void gather(
      RoutingContext ctx,
      String localUri,
      Function<LocalViews, Page<T>> local,
      TypeReference<Page<T>> type,
      Function<List<Page<T>>, Object> merge) {
    Backend current = backend(ctx);
    if (current == null) {
      return;
    }
    if (forwarded(ctx)) {
      blocking(ctx, () -> local.apply(current.views()))
          .onSuccess(page -> json(ctx, 200, write(page)))
          .onFailure(e -> answer(ctx, ConsoleProblem.notQueryable(e.getClass().getSimpleName())));
      return;
    }
    blocking(ctx, () -> current.cluster().instances())
        .onSuccess(
            instances -> {
              Cluster.Instance self = current.cluster().self();
              List<Cluster.Instance> asked = new ArrayList<>(instances);
              if (!asked.contains(self)) {
                asked.add(self);
              }
              List<Future<Page<T>>> answers = new ArrayList<>();
              for (Cluster.Instance instance : asked) {
                answers.add(
                    instance.equals(self)
                        ? blocking(ctx, () -> local.apply(current.views()))
                        : here(ctx, get(ctx, instance, localUri)).map(a -> page(a, type)));
              }
              here(ctx, Future.join(answers))
                  .onComplete(
                      all -> {
                        List<Page<T>> pages = new ArrayList<>();
                        List<String> unanswered = new ArrayList<>();
                        for (int i = 0; i < asked.size(); i++) {
                          Future<Page<T>> answer = answers.get(i);
                          if (answer.succeeded()) {
                            pages.add(answer.result());
                          } else {
                            unanswered.add(asked.get(i).toString());
                          }
                        }
                        blocking(
                                ctx,
                                () -> Merge.gap(pages, current.cluster()::partitions, unanswered))
                            .onSuccess(
                                gap -> {
                                  if (gap.isPresent()) {
                                    answer(
                                        ctx,
                                        ConsoleProblem.incomplete(
                                            gap.get().reason(), gap.get().missing()));
                                    return;
                                  }
                                  Object merged = merge.apply(pages);
                                  if (merged == null) {
                                    answer(ctx, ConsoleProblem.notFound());
                                  } else {
                                    json(ctx, 200, write(merged));
                                  }
                                })
                            .onFailure(ctx::fail);
                      });
            })
        .onFailure(ctx::fail);
  }

  private static <T> Page<T> page(Answer answer, TypeReference<Page<T>> type) {
    if (answer.status() != 200) {
      throw new IllegalStateException("answered " + answer.status());
    }
    try {
      return LeadJson.mapper().readValue(answer.body().getBytes(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Another instance's answer. */
  private record Answer(int status, String contentType, Buffer body) {}

  /** Asks another instance, from local stores only, with this instance's own credential. */
  private Future<Answer> get(RoutingContext ctx, Cluster.Instance instance, String uri) {
    long timeout = settings.forwardTimeout().toMillis();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(instance.host())
            .setPort(instance.port())
            .setURI(uri)
            .setTimeout(timeout)
            .putHeader(SCOPE_HEADER, SCOPE_LOCAL)
            .putHeader(X_REQUEST_ID, (String) ctx.get(X_REQUEST_ID))
            .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.tokens().get(0));
    return client
        .request(options)
        .compose(
            request ->
                request
                    .send()
                    .compose(
                        response ->
                            response
                                .body()
                                .map(
                                    body ->
                                        new Answer(
                                            response.statusCode(),
                                            response.getHeader(HttpHeaders.CONTENT_TYPE),
                                            body))))
        .timeout(timeout, TimeUnit.MILLISECONDS);
  }

  // ---- helpers ----

  /**
   * Runs blocking work (a store read, an admin call) on a worker; its outcome, like every other, is
   * handled on the request's own context, so that the answer is written from there.
   */
  private static <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
    return context(ctx).executeBlocking(work, false);
  }

  /** {@code future}'s outcome, handled on the request's context. */
  private static <T> Future<T> here(RoutingContext ctx, Future<T> future) {
    Context context = context(ctx);
    Promise<T> promise = Promise.promise();
    future.onComplete(outcome -> context.runOnContext(v -> promise.handle(outcome)));
    return promise.future();
  }

  private static Context context(RoutingContext ctx) {
    return ctx.get(CONTEXT);
  }

  private static Function<String, String> param(RoutingContext ctx) {
    return name -> {
      List<String> values = ctx.queryParam(name);
      return values.isEmpty() ? null : values.get(0);
    };
  }

  private static Buffer write(Object value) {
    try {
      return Buffer.buffer(LeadJson.mapper().writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void answer(RoutingContext ctx, ConsoleProblem problem) {
    send(ctx, problem.status(), ProblemJson.MEDIA_TYPE, problem.toJson(ctx.get(X_REQUEST_ID)));
  }

  private static void json(RoutingContext ctx, int status, Buffer body) {
    send(ctx, status, JSON, body);
  }

  private static void send(RoutingContext ctx, int status, String contentType, Buffer body) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.closed()) {
      return;
    }
    response.setStatusCode(status);
    if (contentType != null) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    }
    response.end(body);
  }

  private static String requestId(RoutingContext ctx) {
    return ctx.get(X_REQUEST_ID);
  }

  private static Buffer resource(String name) {
    try (InputStream in = ConsoleServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing console resource " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.close().await(10, TimeUnit.SECONDS);
      client.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Console server did not close cleanly: {}", e.toString());
    } finally {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Console server's Vert.x did not close cleanly: {}", e.toString());
      }
    }
  }
}
