package io.leadstream.processor;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar stream-processor.jar [--config FILE]}: runs the processor until SIGTERM or
 * SIGINT, then shuts down gracefully; exits with status 1 when the processor stopped on its own (a
 * stream thread failed past {@code processor.thread.replacements.*}). Config: shipped defaults,
 * then FILE (or {@code $LEADSTREAM_CONFIG}), then {@code LEADSTREAM_*} environment variables.
 */
public final class ProcessorMain {

  private ProcessorMain() {}

  public static void main(String[] args) throws InterruptedException {
    Optional<Path> file = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Optional.of(Path.of(args[++i]));
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println("usage: stream-processor [--config FILE]");
        return;
      } else {
        System.err.println(
            "unknown argument: " + args[i] + " (usage: stream-processor [--config FILE])");
        System.exit(2);
      }
    }
    StreamProcessor processor;
    try {
      processor = StreamProcessor.start(StreamProcessor.loadConfig(file, Map.of()));
    } catch (RuntimeException e) {
      System.err.println("stream processor failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(processor::close, "processor-shutdown"));
    processor.awaitStop();
    if (processor.failed()) {
      System.exit(1); // the shutdown hook closes the processor
    }
  }
}
