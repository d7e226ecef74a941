package dev.coffer.files;

import dev.coffer.account.UsageLedger;
import dev.coffer.files.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Sets every user's recorded usage to what storage really holds, once at start-up and before the
 * server takes requests. Space reserved by uploads that a crash cut short (whose staging files the
 * storage has just swept) is given back this way.
 */
@Component
class UsageReconciler implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(UsageReconciler.class);

  private final Storage storage;
  private final UsageLedger ledger;

  UsageReconciler(Storage storage, UsageLedger ledger) {
    this.storage = storage;
    this.ledger = ledger;
  }

  @Override
  public void afterSingletonsInstantiated() {
    int changed = 0;
    for (String user : ledger.usernames()) {
      try {
        long actual = storage.usage(user);
        if (actual != ledger.used(user)) {
          ledger.set(user, actual);
          changed++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot measure the storage of " + user, e);
      }
    }
    if (changed > 0) {
      log.info("Corrected the recorded usage of {} user(s) to what storage holds", changed);
    }
  }
}
