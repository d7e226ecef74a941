package dev.coffer.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What several nodes on one PostgreSQL database share beyond the tables: word of account changes
 * ({@link Notices}) and locks ({@link ClusterLocks}). With any other database (the embedded H2
 * default) this process is the whole deployment, and both stay in memory.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
class ClusterConfig {

  private static final Logger log = LoggerFactory.getLogger(ClusterConfig.class);

  private final String url;
  private final String username;
  private final String password;

  ClusterConfig(
      @Value("${spring.datasource.url:}") String url,
      @Value("${spring.datasource.username:}") String username,
      @Value("${spring.datasource.password:}") String password) {
    this.url = url;
    this.username = username;
    this.password = password;
  }

  @Bean
  Node node(NodeProperties properties, @Value("${server.port:8080}") int port) {
    Node node = new Node(Node.idOf(properties.id(), port), Node.postgres(url));
    log.info("Node id {} ({})", node.id(), node.shared() ? "shared database" : "single node");
    return node;
  }

  @Bean
  Notices accountNotices() {
    return Node.postgres(url) ? new PostgresNotices(url, username, password) : Notices.local();
  }

  @Bean
  ClusterLocks clusterLocks() {
    return Node.postgres(url)
        ? new AdvisoryLocks(url, username, password)
        : namespace -> SharedLocks.inProcess();
  }
}
