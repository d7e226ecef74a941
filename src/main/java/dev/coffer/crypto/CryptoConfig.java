package dev.coffer.crypto;

import dev.coffer.CofferProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The master key, checked against the database at start-up. */
@Configuration
class CryptoConfig {

  @Bean
  MasterKey masterKey(CryptoProperties properties, CofferProperties coffer, KeyRepository keys) {
    MasterKey master = MasterKey.load(properties, coffer.storageDir());
    checkFingerprint(master, keys);
    return master;
  }

  /**
   * Fails closed when the database's keys were stored under another master key: better no start
   * than a service whose every key operation fails, or that mixes keys under two master keys.
   */
  static void checkFingerprint(MasterKey master, KeyRepository keys) {
    String stored =
        keys.masterKeyFingerprint()
            .orElseGet(
                () -> {
                  keys.saveMasterKeyFingerprint(master.fingerprint());
                  return keys.masterKeyFingerprint().orElseThrow();
                });
    if (!stored.equals(master.fingerprint())) {
      throw new MasterKeyMismatchException(
          "The master key from "
              + master.source()
              + " is not the one this database's keys are stored under. Coffer refuses to start"
              + " rather than fail on every key or mix two master keys: start it with the original"
              + " master key (COFFER_MASTER_KEY, or the master.key file under the storage folder).");
    }
  }
}
