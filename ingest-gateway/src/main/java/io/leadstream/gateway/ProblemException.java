package io.leadstream.gateway;

/**
 * A request refused with a {@link Problem}: what a handler passes to {@code RoutingContext.fail},
 * for the router's failure handler to answer. Carries no stack trace: it is an answer, not a bug.
 */
final class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  ProblemException(Problem problem) {
    super(problem.slug(), null, false, false);
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }
}
