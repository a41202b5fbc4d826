package io.leadstream.processor.console;

import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.LocalViews.WorkItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Runs one console on a port with made-up views, to look at the page by hand (java -cp ...
 * ConsoleDemo PORT). Not a test.
 */
final class ConsoleDemo {

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8082;
    ConsoleSettings settings =
        new ConsoleSettings(
            true,
            "127.0.0.1",
            port,
            List.of(ConsoleServerTest.TOKEN),
            "",
            0,
            Duration.ofHours(1),
            Duration.ofSeconds(2));
    Instant now = Instant.now();
    FakeViews views = new FakeViews(Map.of("s", Set.of(0)));
    Random random = new Random(7);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (int i = 0; i < 30; i++) {
      LocalDate day = today.minusDays(i);
      long leads = 4 + random.nextInt(14);
      long trial = random.nextInt(3);
      long active = leads / 2;
      long dnc = random.nextInt(2);
      long interest = leads - active - trial - dnc;
      long qualified = active + trial;
      long[] histogram = new long[FunnelDay.BUCKET_UPPER_SECONDS.length + 1];
      long met = 0;
      long missed = 0;
      for (int c = 0; c < qualified - 1; c++) {
        long seconds = 600 + random.nextInt(40 * 3600);
        histogram[FunnelDay.bucketOf(Duration.ofSeconds(seconds))]++;
        if (seconds <= 24 * 3600) {
          met++;
        } else {
          missed++;
        }
      }
      views.days.add(
          new FunnelDay(
              day,
              leads,
              Map.of(
                  "ACTIVE",
                  active,
                  "TRIAL",
                  trial,
                  "DO_NOT_CONTACT",
                  dnc,
                  "INITIAL_INTEREST",
                  interest),
              Map.of("qualified", qualified, "nurture", interest, "dnc", dnc),
              Map.of(
                  "OPEN",
                  1L,
                  "CONTACTED",
                  qualified - 1,
                  "NURTURING",
                  interest,
                  "DO_NOT_CONTACT",
                  dnc),
              met,
              missed,
              i == 0 ? 1 : 0,
              histogram));
    }
    String[] owners = {"alex", "sam", "kim", null};
    for (int i = 0; i < 9; i++) {
      String leadId = ConsoleServerTest.lead(100 + i);
      Instant due = now.minusSeconds(600 + 5400L * i);
      var status = ConsoleServerTest.status(leadId, due);
      status =
          new io.leadstream.schemas.LeadStatus(
              status.schemaVersion(),
              leadId,
              status.branch(),
              owners[i % owners.length],
              status.offer(),
              status.stage(),
              60 + 4 * i,
              status.firstSeenAt(),
              status.qualifiedAt(),
              due,
              null,
              null,
              status.state(),
              0,
              null,
              null,
              now);
      views.queue.add(new WorkItem(status, due, true));
      views.leads.put(leadId, ConsoleServerTest.view(leadId, due.minusSeconds(86_400)));
    }
    ConsoleServer server =
        ConsoleServer.start(settings, new SimpleMeterRegistry(), Clock.systemUTC());
    FixedCluster cluster = new FixedCluster(new Cluster.Instance("127.0.0.1", server.port()));
    cluster.instances.add(cluster.self());
    cluster.partitions.put("s", 1);
    views.queue.forEach(
        item -> cluster.owners.put(item.status().leadId(), new Cluster.Owner(cluster.self(), 0)));
    server.attach(views, cluster);
    System.out.println("http://127.0.0.1:" + server.port() + "/?code=" + ConsoleServerTest.TOKEN);
    Thread.currentThread().join();
  }

  private ConsoleDemo() {}
}
