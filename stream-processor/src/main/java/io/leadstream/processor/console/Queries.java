package io.leadstream.processor.console;

import io.leadstream.processor.views.LocalViews.FunnelFilter;
import io.leadstream.processor.views.LocalViews.WorkQueueFilter;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.SourceCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * The query parameters of the gathered routes, read and checked once (400 for a bad one), and
 * written back as the query that the other instances are asked with, so that every instance answers
 * exactly the same question.
 */
final class Queries {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** The funnel's default range: the last 14 days, today (UTC) included. */
  static final int DEFAULT_DAYS = 14;

  /** The longest funnel range one request may ask for. */
  static final int MAX_DAYS = 366;

  private static final int MAX_TEXT = 200;

  /** A refused parameter; its message names the parameter, never repeats its value. */
  static final class BadParameter extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadParameter(String message) {
      super(message, null, false, false);
    }
  }

  /** A work-queue question. */
  record WorkQueue(WorkQueueFilter filter, int limit) {
    String query() {
      return "state="
          + (filter.state() == null ? "" : filter.state().name())
          + "&overdue="
          + filter.overdueOnly()
          + "&owner="
          + encode(filter.owner())
          + "&offer="
          + encode(filter.offer())
          + "&limit="
          + limit;
    }
  }

  /**
   * {@code state} (a LeadState; absent: OPEN; empty: any), {@code overdue} (true or false), {@code
   * owner}, {@code offer} (empty: any), {@code limit} (1 to 1000, default 100).
   */
  static WorkQueue workQueue(Function<String, String> param) {
    String stateText = param.apply("state");
    LeadState state;
    if (stateText == null) {
      state = LeadState.OPEN;
    } else if (stateText.isBlank()) {
      state = null;
    } else {
      state = enumValue(LeadState.class, "state", stateText);
    }
    boolean overdue = bool(param.apply("overdue"), "overdue");
    int limit = DEFAULT_LIMIT;
    String limitText = param.apply("limit");
    if (limitText != null && !limitText.isBlank()) {
      try {
        limit = Integer.parseInt(limitText.trim());
      } catch (NumberFormatException e) {
        throw new BadParameter("limit must be an integer from 1 to " + MAX_LIMIT);
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new BadParameter("limit must be an integer from 1 to " + MAX_LIMIT);
      }
    }
    return new WorkQueue(
        new WorkQueueFilter(state, overdue, text(param.apply("owner"), "owner"), offer(param)),
        limit);
  }

  /**
   * {@code from} and {@code to} (YYYY-MM-DD, UTC days, both included; default: the last 14 days, at
   * most 366), {@code offer} ({@code publisherId.offerId}), {@code source} (a source code).
   */
  static FunnelFilter funnel(Function<String, String> param, Clock clock) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate to = date(param.apply("to"), "to");
    LocalDate from = date(param.apply("from"), "from");
    if (to == null) {
      to = from == null ? today : from.plusDays(DEFAULT_DAYS - 1);
    }
    if (from == null) {
      from = to.minusDays(DEFAULT_DAYS - 1);
    }
    if (from.isAfter(to)) {
      throw new BadParameter("from must not be after to");
    }
    if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
      throw new BadParameter("the range from..to must be at most " + MAX_DAYS + " days");
    }
    String sourceText = text(param.apply("source"), "source");
    String source =
        sourceText == null ? null : enumValue(SourceCode.class, "source", sourceText).name();
    return new FunnelFilter(from, to, offer(param), source);
  }

  /**
   * The {@code offer} filter as the stores key offers ({@link io.leadstream.schemas.Offer#key}:
   * {@code publisherId.offerId} in lower case, or the normalized title of an offer sent without
   * ids), so it matches however it is typed.
   */
  private static String offer(Function<String, String> param) {
    return io.leadstream.schemas.Text.key(text(param.apply("offer"), "offer"));
  }

  static String funnelQuery(FunnelFilter filter) {
    return "from="
        + filter.from()
        + "&to="
        + filter.to()
        + "&offer="
        + encode(filter.offer())
        + "&source="
        + encode(filter.source());
  }

  private static LocalDate date(String text, String name) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new BadParameter(name + " must be a date YYYY-MM-DD");
    }
  }

  private static boolean bool(String text, String name) {
    if (text == null || text.isBlank()) {
      return false;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadParameter(name + " must be true or false");
    };
  }

  private static String text(String text, String name) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.length() > MAX_TEXT) {
      throw new BadParameter(name + " must be at most " + MAX_TEXT + " characters");
    }
    return text.trim();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String text) {
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadParameter(
          name + " must be one of " + Arrays.toString(type.getEnumConstants()).replace(" ", ""));
    }
  }

  private static String encode(String value) {
    return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private Queries() {}
}
