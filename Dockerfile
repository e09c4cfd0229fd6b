# Builds and runs the help desk. Redis comes from docker-compose.yml (SPRING_DATA_REDIS_URL).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package

FROM eclipse-temurin:21-jre
WORKDIR /app
RUN useradd --system --uid 10001 helpdesk && mkdir -p /app/data && chown helpdesk /app/data
COPY --from=build /src/app/target/helpdesk.jar /app/helpdesk.jar
USER helpdesk
ENV HELPDESK_DATA_DIR=/app/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/helpdesk.jar", "serve"]
