package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.fs.FileSystemStorage;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code --coffer.storage.migrate-from=<old storage folder>} with {@code
 * coffer.storage.backend=s3}: copies the old folder's homes and digests to the bucket ({@link
 * FileSystemToS3}), then stops the application (exit code 0, or 1 when it failed). Run it again to
 * resume.
 */
@Component
@ConditionalOnProperty("coffer.storage.migrate-from")
class MigrationRunner implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);

  private final Storage target;
  private final ExecutorService hashers;
  private final Environment environment;
  private final ConfigurableApplicationContext context;

  MigrationRunner(
      Storage target,
      ExecutorService uploadHashers,
      Environment environment,
      ConfigurableApplicationContext context) {
    this.target = target;
    this.hashers = uploadHashers;
    this.environment = environment;
    this.context = context;
  }

  @Override
  public void run(ApplicationArguments args) {
    Path from = Path.of(environment.getRequiredProperty("coffer.storage.migrate-from"));
    int code = 0;
    if (!(target instanceof S3Storage)) {
      log.error("coffer.storage.migrate-from needs coffer.storage.backend=s3: nothing was copied");
      code = 1;
    } else {
      try (FileSystemStorage source = new FileSystemStorage(from, hashers)) {
        FileSystemToS3.Result result = new FileSystemToS3(source, target, log::info).run(from);
        log.info(
            "Migration done: {} files copied ({} bytes), {} already there, {} folders",
            result.copied(),
            result.bytes(),
            result.skipped(),
            result.folders());
      } catch (Exception e) {
        log.error("Migration stopped (run it again to resume): {}", e.toString());
        code = 1;
      }
    }
    int exit = code;
    System.exit(SpringApplication.exit(context, () -> exit));
  }
}
