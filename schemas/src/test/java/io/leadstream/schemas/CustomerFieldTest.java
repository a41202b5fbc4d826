package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CustomerFieldTest {

  @Test
  void listsEveryComponentOfCustomerInTheRecordsOrder() {
    List<String> components =
        Arrays.stream(Customer.class.getRecordComponents()).map(RecordComponent::getName).toList();
    List<String> fields = CustomerField.ALL.stream().map(CustomerFieldTest::componentName).toList();
    assertThat(fields).isEqualTo(components);
  }

  @Test
  void readsEachFieldFromItsOwnComponentAndBuildsTheSameCustomerBack() throws Exception {
    Customer customer =
        new Customer("Pat", "Doe", "pat@contoso.com", "contoso.com", true, "+1", "US", "Co", "CTO");
    for (RecordComponent component : Customer.class.getRecordComponents()) {
      CustomerField field = CustomerField.valueOf(constantName(component.getName()));
      assertThat(field.get(customer)).isEqualTo(component.getAccessor().invoke(customer));
    }
    assertThat(CustomerField.customer(field -> field.get(customer))).isEqualTo(customer);
  }

  private static String componentName(CustomerField field) {
    String[] words = field.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder name = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return name.toString();
  }

  private static String constantName(String component) {
    return component.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
  }
}
