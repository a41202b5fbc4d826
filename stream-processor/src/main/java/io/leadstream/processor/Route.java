package io.leadstream.processor;

import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.Stage;
import io.leadstream.schemas.Topic;
import io.leadstream.schemas.Topics;
import java.util.function.Function;

/**
 * Where a qualified lead event goes, in the order the routing step tries them: the first that
 * applies wins, so a test lead never reaches sales and do-not-contact dominates qualification. The
 * routing step and the lifecycle step both use it.
 */
public enum Route {
  TEST("test", Topics::test),
  DNC("dnc", Topics::dnc),
  QUALIFIED("qualified", Topics::qualified),
  NURTURE("nurture", Topics::nurture);

  private final String branch;
  private final Function<Topics, Topic<String, LeadEvent>> topic;

  Route(String branch, Function<Topics, Topic<String, LeadEvent>> topic) {
    this.branch = branch;
    this.topic = topic;
  }

  /** The route of an event that went through qualification. */
  public static Route of(LeadEvent event) {
    if (event.test()) {
      return TEST;
    }
    if (event.stage() == Stage.DO_NOT_CONTACT) {
      return DNC;
    }
    return event.qualification().qualified() ? QUALIFIED : NURTURE;
  }

  /** The branch name: in node names ({@code route-<branch>}) and the routed metric's label. */
  public String branch() {
    return branch;
  }

  /** The output topic of this route. */
  public Topic<String, LeadEvent> topic(Topics topics) {
    return topic.apply(topics);
  }
}
