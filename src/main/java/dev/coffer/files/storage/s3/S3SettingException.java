package dev.coffer.files.storage.s3;

import org.jspecify.annotations.Nullable;

/** An S3 setting that cannot work (a missing bucket, an unreachable endpoint, ...), by name. */
public class S3SettingException extends RuntimeException {

  private final String setting;

  public S3SettingException(String setting, String problem) {
    this(setting, problem, null);
  }

  public S3SettingException(String setting, String problem, @Nullable Throwable cause) {
    super(setting + " " + problem, cause);
    this.setting = setting;
  }

  /** The name of the setting to fix, as an operator writes it. */
  public String setting() {
    return setting;
  }
}
