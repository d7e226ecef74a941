package dev.coffer.files;

import dev.coffer.Refusal;
import dev.coffer.account.UsageLedger;
import dev.coffer.cluster.ClusterLocks;
import dev.coffer.cluster.Node;
import dev.coffer.files.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Sets users' recorded usage to what storage really holds (files and partial uploads), giving back
 * space that uploads cut short by a crash had reserved.
 *
 * <p>A single node (an embedded database, which no other process can open) does it once at
 * start-up, before the server takes requests, as it always has. With a shared database a starting
 * node must not: other nodes' uploads in flight have reserved space that no tree walk sees, and
 * would be forgotten. There an admin runs it ({@code POST /api/v1/admin/reconcile-usage}) when
 * nodes crashed; one run at a time in the whole deployment (a cluster lock).
 */
@Component
class UsageReconciler implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(UsageReconciler.class);

  /** A user whose recorded usage differed from what storage holds. */
  record Correction(String username, long recordedBytes, long actualBytes) {}

  /** What a run looked at and changed. */
  record Result(int checked, List<Correction> corrected) {}

  private final Storage storage;
  private final UsageLedger ledger;
  private final Node node;
  private final Lock running;

  UsageReconciler(Storage storage, UsageLedger ledger, Node node, ClusterLocks locks) {
    this.storage = storage;
    this.ledger = ledger;
    this.node = node;
    this.running = locks.named("usage-reconciliation").of("all");
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!node.shared()) {
      reconcile();
    }
  }

  /** Reconciles every user; refused while another run (on any node) is under way. */
  Result reconcile() {
    if (!running.tryLock()) {
      throw new FileRefusal(
          Refusal.Kind.CONFLICT,
          "reconciliation-running",
          "Usage is being reconciled already; try again when that run has finished.");
    }
    try {
      List<String> users = ledger.usernames();
      List<Correction> corrected = new ArrayList<>();
      for (String user : users) {
        long recorded = ledger.used(user);
        long actual = measure(user);
        if (actual != recorded) {
          ledger.set(user, actual);
          corrected.add(new Correction(user, recorded, actual));
        }
      }
      if (!corrected.isEmpty()) {
        log.info(
            "Corrected the recorded usage of {} user(s) to what storage holds", corrected.size());
      }
      return new Result(users.size(), corrected);
    } finally {
      running.unlock();
    }
  }

  private long measure(String user) {
    try {
      return storage.usage(user);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the storage of " + user, e);
    }
  }
}
