package dev.coffer.account;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts: creation, changes, deletion and password changes, with the rules that guard them. */
@Service
class AccountService {

  private final UserRepository users;
  private final PasswordHashing hashing;
  private final CredentialCache cache;
  private final TokenCache tokenCache;
  private final AccountProperties properties;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  AccountService(
      UserRepository users,
      PasswordHashing hashing,
      CredentialCache cache,
      TokenCache tokenCache,
      AccountProperties properties,
      ApplicationEventPublisher events,
      Clock clock) {
    this.users = users;
    this.clock = clock;
    this.hashing = hashing;
    this.cache = cache;
    this.tokenCache = tokenCache;
    this.properties = properties;
    this.events = events;
  }

  User get(String username) {
    return users.find(username).orElseThrow(() -> AccountProblem.userNotFound(username));
  }

  List<User> list() {
    return users.findAll();
  }

  User create(String username, String password, boolean admin, @Nullable Long quotaBytes) {
    Long quota =
        quotaBytes != null
            ? quotaBytes
            : properties.defaultQuota() == null ? null : properties.defaultQuota().toBytes();
    User user =
        new User(
            username,
            hashing.hash(password),
            admin,
            false,
            quota,
            0,
            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MICROS));
    try {
      users.insert(user);
    } catch (DuplicateKeyException e) {
      throw AccountProblem.userExists(username);
    }
    return user;
  }

  /** Applies the given changes; null leaves a field as it is, quota -1 removes the quota. */
  @Transactional
  User update(
      String username,
      @Nullable String password,
      @Nullable Boolean admin,
      @Nullable Long quota,
      @Nullable Boolean disabled) {
    User old = get(username);
    boolean nowAdmin = admin != null ? admin : old.admin();
    boolean nowDisabled = disabled != null ? disabled : old.disabled();
    if (old.admin()
        && !old.disabled()
        && (!nowAdmin || nowDisabled)
        && users.countActiveAdmins() <= 1) {
      throw AccountProblem.lastAdmin();
    }
    Long nowQuota = quota == null ? old.quotaBytes() : quota < 0 ? null : quota;
    String hash = password != null ? hashing.hash(password) : old.passwordHash();
    User updated =
        new User(username, hash, nowAdmin, nowDisabled, nowQuota, old.usedBytes(), old.createdAt());
    users.update(updated);
    cache.forget(username);
    tokenCache.invalidate();
    return updated;
  }

  @Transactional
  void delete(String username, boolean purge) {
    User old = get(username);
    if (old.admin() && !old.disabled() && users.countActiveAdmins() <= 1) {
      throw AccountProblem.lastAdmin();
    }
    users.delete(username);
    cache.forget(username);
    tokenCache.invalidate();
    events.publishEvent(new UserDeletedEvent(username, purge));
  }

  void changePassword(String username, String currentPassword, String newPassword) {
    User user = get(username);
    if (!hashing.matches(currentPassword, user.passwordHash())) {
      throw AccountProblem.wrongCurrentPassword();
    }
    if (!users.replaceHash(username, user.passwordHash(), hashing.hash(newPassword))) {
      throw AccountProblem.wrongCurrentPassword();
    }
    cache.forget(username);
  }
}
