package io.leadstream.testkit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the cluster a {@link KafkaCluster} annotation asks for, hands it to the test as a {@link
 * RealKafka} parameter, and closes it when the class (or the method) is done.
 *
 * <p>The implementation is chosen by the system property {@code kafka.it}: {@code in-process}
 * (default) or {@code testcontainers}.
 */
public final class KafkaClusterExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  /** System property choosing the implementation. */
  public static final String MODE_PROPERTY = "kafka.it";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaClusterExtension.class);
  private static final String KEY = "cluster";
  private static final String UNAVAILABLE = "unavailable";

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Optional<KafkaCluster> onClass =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), KafkaCluster.class);
    if (onClass.isPresent()) {
      try {
        startInto(context, onClass.get());
      } catch (TestAbortedException e) {
        // Aborting here would hide the class's tests from the report; abort each one instead,
        // so that an unavailable mode shows as skipped tests.
        context.getStore(NAMESPACE).put(UNAVAILABLE, e.getMessage());
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Optional<KafkaCluster> onMethod =
        AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), KafkaCluster.class);
    if (onMethod.isPresent()) {
      startInto(context, onMethod.get());
      return;
    }
    String unavailable = context.getStore(NAMESPACE).get(UNAVAILABLE, String.class);
    if (unavailable != null) {
      throw new TestAbortedException(unavailable);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The store of a method context falls back to its class's, so a method's own cluster wins.
    Started started = context.getStore(NAMESPACE).get(KEY, Started.class);
    if (started == null) {
      throw new ParameterResolutionException(
          "no Kafka cluster here: annotate the test class or method with @KafkaCluster");
    }
    return started.kafka();
  }

  private static void startInto(ExtensionContext context, KafkaCluster spec) throws Exception {
    Map<String, String> props = parse(spec.brokerProperties());
    String mode = mode();
    long begin = System.nanoTime();
    Started started =
        switch (mode) {
          case "in-process" -> new Started(InProcessKafka.start(spec.brokers(), props));
          case "testcontainers" -> new Started(ContainerKafka.start(spec.brokers(), props));
          default ->
              throw new IllegalArgumentException(
                  MODE_PROPERTY + " must be in-process or testcontainers, not '" + mode + "'");
        };
    LOG.info(
        "Kafka cluster ({}, {} broker(s)) ready at {} in {} ms",
        mode,
        spec.brokers(),
        started.kafka().bootstrapServers(),
        (System.nanoTime() - begin) / 1_000_000);
    // Values in an extension store that are AutoCloseable are closed when their context ends.
    context.getStore(NAMESPACE).put(KEY, started);
  }

  static String mode() {
    String mode = System.getProperty(MODE_PROPERTY, "in-process").trim().toLowerCase(Locale.ROOT);
    return mode.isEmpty() || mode.startsWith("${") ? "in-process" : mode;
  }

  private static Map<String, String> parse(String[] properties) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String property : properties) {
      int eq = property.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "@KafkaCluster brokerProperties wants key=value, got '" + property + "'");
      }
      result.put(property.substring(0, eq).trim(), property.substring(eq + 1).trim());
    }
    return result;
  }

  /** A started cluster in an extension store, closed by JUnit when its context ends. */
  private record Started(StartedKafka kafka) implements AutoCloseable {
    @Override
    public void close() {
      kafka.close();
    }
  }
}
