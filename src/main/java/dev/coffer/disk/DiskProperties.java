package dev.coffer.disk;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How Coffer keeps a full disk from breaking the embedded database.
 *
 * @param reserve the size of the reserve file kept beside the embedded (H2 file) database: written
 *     ahead, it is deleted when the disk runs low so the database always finds room to finish its
 *     writes and to reopen, and written again when space returns; 0 keeps none
 * @param minFree the free space below which the service refuses to store anything (507) and
 *     releases the reserve; uploads stop before they take the disk below it
 */
@Validated
@ConfigurationProperties("coffer.disk")
public record DiskProperties(
    @DefaultValue("64MB") DataSize reserve, @DefaultValue("128MB") DataSize minFree) {

  public DiskProperties {
    if (reserve.isNegative() || minFree.isNegative()) {
      throw new IllegalArgumentException("coffer.disk.reserve and min-free must not be negative");
    }
  }
}
