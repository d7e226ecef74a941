package dev.coffer.cluster;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * This node's identity among the nodes that share one database and one storage.
 *
 * @param id names this node's own staging area (on the file-system backend {@code
 *     <storage>/tmp/<id>}, emptied when a node with this id starts); unset means host name and HTTP
 *     port ({@code web1-8080}), or a random id when the port is chosen at random. Two running nodes
 *     must never share an id; a node that is replaced should take over its id, so that its
 *     leftovers are swept.
 */
@Validated
@ConfigurationProperties("coffer.node")
public record NodeProperties(@Pattern(regexp = Node.ID_PATTERN) String id) {}
