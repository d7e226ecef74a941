package dev.coffer.crypto;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Counts encryptions and decryptions by key type and outcome ({@code coffer.crypto.operations}), so
 * that a burst of failed decryptions shows up on a dashboard. Never a key name, user or data.
 */
@Component
class CryptoMetrics {

  private final Map<KeyType, Counter> encrypted = new EnumMap<>(KeyType.class);
  private final Map<KeyType, Counter> decrypted = new EnumMap<>(KeyType.class);
  private final Map<KeyType, Counter> failed = new EnumMap<>(KeyType.class);

  CryptoMetrics(MeterRegistry registry) {
    for (KeyType type : KeyType.values()) {
      encrypted.put(type, counter(registry, "encrypt", type, "ok"));
      decrypted.put(type, counter(registry, "decrypt", type, "ok"));
      failed.put(type, counter(registry, "decrypt", type, "failed"));
    }
  }

  void encrypted(KeyType type) {
    encrypted.get(type).increment();
  }

  void decrypted(KeyType type) {
    decrypted.get(type).increment();
  }

  void decryptionFailed(KeyType type) {
    failed.get(type).increment();
  }

  private static Counter counter(
      MeterRegistry registry, String operation, KeyType type, String outcome) {
    return Counter.builder("coffer.crypto.operations")
        .description("Encryptions and decryptions with named keys, by key type and outcome")
        .tag("operation", operation)
        .tag("type", type.id())
        .tag("outcome", outcome)
        .register(registry);
  }
}
