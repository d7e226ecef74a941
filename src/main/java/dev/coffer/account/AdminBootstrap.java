package dev.coffer.account;

import dev.coffer.CofferProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes sure an admin exists from the first start. The password comes from {@code
 * COFFER_ADMIN_PASSWORD}; otherwise one is generated, logged once and written to a file only the
 * service's user can read.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

  static final String PASSWORD_FILE = "admin-password";
  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final UserRepository users;
  private final AccountService accounts;
  private final AccountProperties properties;
  private final CofferProperties coffer;

  AdminBootstrap(
      UserRepository users,
      AccountService accounts,
      AccountProperties properties,
      CofferProperties coffer) {
    this.users = users;
    this.accounts = accounts;
    this.properties = properties;
    this.coffer = coffer;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (users.anyAdmin()) {
      return;
    }
    String username = properties.adminUsername();
    boolean generated = properties.adminPassword() == null;
    String password = generated ? generate() : properties.adminPassword();
    try {
      accounts.create(username, password, true, null);
    } catch (RuntimeException e) {
      if (users.anyAdmin()) {
        return; // another node bootstrapped at the same moment
      }
      throw e;
    }
    if (generated) {
      Path file = writePasswordFile(password);
      log.warn(
          "Created admin '{}' with generated password: {} (also written to {}). Change it with"
              + " PUT /api/v1/me/password.",
          username,
          password,
          file.toAbsolutePath());
    } else {
      log.info("Created admin '{}' with the password from COFFER_ADMIN_PASSWORD.", username);
    }
  }

  private Path writePasswordFile(String password) throws IOException {
    Path dir = Files.createDirectories(coffer.storageDir());
    Path file = dir.resolve(PASSWORD_FILE);
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      // raced with another node: overwrite below
    }
    Files.writeString(
        file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    return file;
  }

  private static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder out = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }
}
