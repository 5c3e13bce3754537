package io.telemetra.stack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the chatty in-process servers' logging (the Kafka broker, zonky's PostgreSQL wrapper, the MQTT broker) to files
 * in the stack's home instead of the console, where only progress lines belong.
 */
final class LogRouting implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final List<FileAppender<ILoggingEvent>> appenders = new ArrayList<>();

    private LogRouting() {
    }

    /** No-op when logback is not the SLF4J backend (the stack embedded in another application). */
    static LogRouting route(Path kafkaLog, Path postgresLog, Path mqttLog) {
        LogRouting routing = new LogRouting();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            routing.toFile(context, kafkaLog, Level.INFO, "kafka", "org.apache.kafka", "state.change.logger",
                    "org.apache.zookeeper");
            routing.toFile(context, postgresLog, Level.INFO, "io.zonky");
            // Moquette logs every packet at INFO; Telemetra's rules log each refused client at WARN.
            routing.toFile(context, mqttLog, Level.WARN, "io.moquette", "io.netty");
            routing.toFile(context, mqttLog, Level.INFO, "io.telemetra.mqtt");
        }
        return routing;
    }

    private void toFile(LoggerContext context, Path file, Level level, String... loggerNames) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("stack-" + file.getFileName() + "-" + level);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        appenders.add(appender);
        for (String name : loggerNames) {
            Logger logger = context.getLogger(name);
            logger.setLevel(level);
            logger.setAdditive(false);
            logger.addAppender(appender);
            loggers.add(logger);
        }
    }

    @Override
    public void close() {
        for (Logger logger : loggers) {
            appenders.forEach(logger::detachAppender);
            logger.setAdditive(true);
            logger.setLevel(null);
        }
        appenders.forEach(FileAppender::stop);
    }
}
