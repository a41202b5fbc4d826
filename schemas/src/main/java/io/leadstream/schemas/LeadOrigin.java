package io.leadstream.schemas;

/**
 * Source, action, stage and offer of a lead, from its {@code LeadSource}, {@code ActionCode} and
 * {@code OfferTitle}. {@code ActionCode} wins over the action inside LeadSource when both are
 * present; the title is OfferTitle, else the LeadSource offer part when it is not an id.
 */
public record LeadOrigin(Source source, Action action, Stage stage, Offer offer) {

  /** Resolves the origin of a lead from the three raw Partner Center values (any may be null). */
  public static LeadOrigin of(String leadSource, String actionCode, String offerTitle) {
    ParsedLeadSource parsed = ParsedLeadSource.parse(leadSource);
    Source source = new Source(SourceCode.of(parsed.source()), parsed.source());
    String actionText = Text.clean(actionCode);
    if (actionText == null) {
      actionText = parsed.action();
    }
    Action action = new Action(ActionCode.of(actionText), actionText);
    String title = Text.clean(offerTitle);
    if (title == null) {
      title = parsed.offerText();
    }
    Offer offer = new Offer(parsed.publisherId(), parsed.offerId(), title);
    return new LeadOrigin(source, action, Stage.of(action.code()), offer);
  }
}
