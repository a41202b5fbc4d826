package io.leadstream.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class (one cluster shared by its methods) or test method (a cluster of
 * its own) against a real KRaft cluster, handed to the test as a {@link RealKafka} parameter.
 *
 * <pre>{@code
 * @KafkaCluster
 * class GatewayIT {
 *   @Test
 *   void acknowledgesOnlyDurableLeads(RealKafka kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 */
@Documented
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaClusterExtension.class)
public @interface KafkaCluster {

  /**
   * Number of brokers. One means a single combined broker + controller node; more means one
   * dedicated controller and that many brokers (several controllers are unreliable in Kafka's 4.3
   * test kit, so there is always exactly one).
   */
  int brokers() default 1;

  /** Extra broker properties as {@code key=value}, applied to every broker. */
  String[] brokerProperties() default {};
}
