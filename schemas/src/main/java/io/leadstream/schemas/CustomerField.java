package io.leadstream.schemas;

import java.util.List;
import java.util.function.Function;

/**
 * The fields of {@link Customer}, listed once, in the record's order: whatever handles every
 * customer field (the processor's merge, its content digest, its internal records) goes through
 * this table, so a field added to {@code Customer} cannot be left out of one of them ({@code
 * CustomerFieldTest} fails while this table lacks a component of the record).
 */
public enum CustomerField {
  FIRST_NAME(Customer::firstName),
  LAST_NAME(Customer::lastName),
  EMAIL(Customer::email),
  EMAIL_DOMAIN(Customer::emailDomain),
  BUSINESS_EMAIL(Customer::businessEmail),
  PHONE(Customer::phone),
  COUNTRY(Customer::country),
  COMPANY(Customer::company),
  TITLE(Customer::title);

  /** Every field, in the record's order (one array, not a copy per call). */
  public static final List<CustomerField> ALL = List.of(values());

  private final Function<Customer, Object> getter;

  CustomerField(Function<Customer, Object> getter) {
    this.getter = getter;
  }

  /** This field's value in {@code customer}. */
  public Object get(Customer customer) {
    return getter.apply(customer);
  }

  /**
   * The customer with each field's value from {@code value}: the one place outside the record that
   * calls its constructor field by field.
   */
  public static Customer customer(Function<CustomerField, Object> value) {
    return new Customer(
        (String) value.apply(FIRST_NAME),
        (String) value.apply(LAST_NAME),
        (String) value.apply(EMAIL),
        (String) value.apply(EMAIL_DOMAIN),
        (Boolean) value.apply(BUSINESS_EMAIL),
        (String) value.apply(PHONE),
        (String) value.apply(COUNTRY),
        (String) value.apply(COMPANY),
        (String) value.apply(TITLE));
  }
}
