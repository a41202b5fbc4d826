package io.leadstream.testkit;

/** A cluster this kit started and must stop. */
interface StartedKafka extends RealKafka, AutoCloseable {
  @Override
  void close();
}
