package dev.coffer.crypto;

import dev.coffer.crypto.CryptoMetrics.Operation;
import dev.coffer.crypto.CryptoMetrics.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Batches of encrypt, decrypt and rewrap items: answered item by item, in input order, each item
 * counted as one operation; a bad item (a 4xx problem) gets its own error and does not sink the
 * others, while a server-side problem fails the whole request.
 */
final class ItemBatches {

  /** One batch item's work, given the prefix for its field names and its sample to report to. */
  interface ItemWork<I, R> {
    R apply(I item, String prefix, Sample sample);
  }

  private final int maxItems;
  private final CryptoMetrics metrics;

  ItemBatches(int maxItems, CryptoMetrics metrics) {
    this.maxItems = maxItems;
    this.metrics = metrics;
  }

  /**
   * Runs {@code work} on each item, counting each as one operation and turning an item's 4xx
   * problem into its own {@code failure} result; a server-side problem fails the whole request.
   */
  <I, R> List<R> eachItem(
      Operation operation,
      StoredKey key,
      List<I> items,
      boolean singleFieldsGiven,
      ItemWork<I, R> work,
      BiFunction<I, String, R> failure) {
    if (singleFieldsGiven) {
      throw CryptoProblem.invalid("batch", "cannot be combined with single-item fields");
    }
    if (items.size() > maxItems) {
      throw CryptoProblem.batchTooLarge(maxItems);
    }
    List<R> results = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      I item = items.get(i);
      if (item == null) {
        throw CryptoProblem.invalid("batch[" + i + "]", "must be an object");
      }
      try {
        String prefix = "batch[" + i + "].";
        results.add(
            metrics.count(operation, key.type(), sample -> work.apply(item, prefix, sample)));
      } catch (CryptoProblem problem) {
        if (problem.status().is5xxServerError()) {
          throw problem;
        }
        results.add(failure.apply(item, problem.getMessage()));
      }
    }
    return results;
  }
}
