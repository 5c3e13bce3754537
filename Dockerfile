# syntax=docker/dockerfile:1.7
# One build stage for the whole reactor, one small runtime image per service (select it with --target).
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl command-service,projection-service,query-service -am package

FROM eclipse-temurin:17.0.16_8-jre-jammy AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 telemetra
USER telemetra
WORKDIR /app
# Heap follows the container's memory limit instead of the host's.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]

FROM runtime AS command-service
COPY --from=build /src/command-service/target/command-service.jar /app/service.jar
EXPOSE 8081

FROM runtime AS projection-service
COPY --from=build /src/projection-service/target/projection-service.jar /app/service.jar
EXPOSE 8083

FROM runtime AS query-service
COPY --from=build /src/query-service/target/query-service.jar /app/service.jar
EXPOSE 8082
