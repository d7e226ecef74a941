package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.CryptoMetrics.Operation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches answered item by item, with the counts a batch leaves in the metrics. */
class ItemBatchesTest {

  private static final StoredKey KEY =
      new StoredKey(
          "alice",
          "k",
          "id",
          KeyType.AES256_GCM,
          1,
          1,
          1,
          false,
          false,
          OffsetDateTime.parse("2026-01-01T00:00:00Z"),
          List.of());

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ItemBatches batches = new ItemBatches(3, new CryptoMetrics(registry));

  @Test
  void eachItemWhenOneItemIsBadThenItsOwnErrorInItsPlaceAndTheOthersAnswered() {
    List<String> results =
        batches.eachItem(
            Operation.ENCRYPT,
            KEY,
            List.of("a", "bad", "c"),
            false,
            (item, prefix, sample) -> {
              if (item.equals("bad")) {
                throw CryptoProblem.invalid(prefix + "plaintext", "is required");
              }
              return item.toUpperCase();
            },
            (item, error) -> "error: " + error);
    assertThat(results).containsExactly("A", "error: batch[1].plaintext: is required", "C");
    assertThat(count("ok")).isEqualTo(2);
    assertThat(count("rejected")).isEqualTo(1);
  }

  @Test
  void eachItemWhenAServerSideProblemThenTheWholeBatchFails() {
    assertThatThrownBy(
            () ->
                batches.eachItem(
                    Operation.ENCRYPT,
                    KEY,
                    List.of("a", "b"),
                    false,
                    (item, prefix, sample) -> {
                      throw CryptoProblem.keyUnavailable("k");
                    },
                    (item, error) -> "error"))
        .isInstanceOfSatisfying(
            CryptoProblem.class, p -> assertThat(p.status().is5xxServerError()).isTrue());
  }

  @Test
  void eachItemWhenTooManyItemsOrSingleFieldsOrANullItemThenTheRequestIsRefused() {
    assertThatThrownBy(() -> run(List.of("a", "b", "c", "d"), false))
        .isInstanceOf(CryptoProblem.class);
    assertThatThrownBy(() -> run(List.of("a"), true))
        .isInstanceOf(CryptoProblem.class)
        .hasMessageContaining("batch");
    assertThatThrownBy(() -> run(Arrays.asList("a", null), false))
        .isInstanceOf(CryptoProblem.class)
        .hasMessageContaining("batch[1]");
    assertThat(count("ok")).isEqualTo(1); // the item before the null one was done
  }

  private List<String> run(List<String> items, boolean singleFieldsGiven) {
    return batches.eachItem(
        Operation.ENCRYPT,
        KEY,
        items,
        singleFieldsGiven,
        (item, prefix, sample) -> item,
        (item, error) -> error);
  }

  private double count(String outcome) {
    return registry
        .get("coffer.crypto.operations")
        .tag("operation", "encrypt")
        .tag("type", KeyType.AES256_GCM.id())
        .tag("outcome", outcome)
        .counter()
        .count();
  }
}
