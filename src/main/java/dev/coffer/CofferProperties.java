package dev.coffer;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared by every feature.
 *
 * @param storageDir the data folder: user homes, the embedded database, the master key file and the
 *     generated admin password live under it
 */
@Validated
@ConfigurationProperties("coffer")
public record CofferProperties(@NotNull @DefaultValue("./storage") Path storageDir) {}
