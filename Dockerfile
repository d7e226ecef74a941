# Build with the Maven wrapper on a JDK, run on a Java 21 JRE as a non-root user.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY openapi/ openapi/
# the end-to-end tests compile against the SDK, which sdk/pom.xml generates
COPY sdk/pom.xml sdk/
COPY sdk/src/ sdk/src/
COPY src/ src/
RUN ./mvnw -B -q -DskipTests package && cp target/coffer-*.jar /coffer.jar

FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system coffer && useradd --system --gid coffer --home /data coffer \
    && mkdir -p /data && chown coffer:coffer /data
COPY --from=build /coffer.jar /app/coffer.jar
USER coffer
ENV COFFER_STORAGE_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/coffer.jar"]
