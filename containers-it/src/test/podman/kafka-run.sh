#!/bin/bash
# The broker's start: KAFKA_* environment variables to server.properties (apache/kafka's convention), format the
# log dir once with CLUSTER_ID, then exec the broker so it gets SIGTERM directly and shuts down cleanly.
set -euo pipefail
config=/opt/kafka/config/server.properties
: > "$config"
while IFS='=' read -r name value; do
  case $name in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_LOG4J_OPTS|KAFKA_JMX_OPTS) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key=${name#KAFKA_}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  key=${key//@/_}
  printf '%s=%s\n' "${key,,}" "$value" >> "$config"
done < <(env)
grep -q '^log.dirs=' "$config" || echo "log.dirs=/var/lib/kafka/data" >> "$config"
cat > /opt/kafka/config/logback.xml <<'XML'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} %msg%n</pattern></encoder>
  </appender>
  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
  <logger name="kafka.server.BrokerServer" level="INFO"/>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
XML
java=(java ${KAFKA_HEAP_OPTS:--Xmx384m -Xms128m} -XX:+UseSerialGC ${KAFKA_OPTS:-}
  -Dlogback.configurationFile=/opt/kafka/config/logback.xml -cp '/opt/kafka/libs/*')
"${java[@]}" kafka.tools.StorageTool format --ignore-formatted -t "${CLUSTER_ID:?CLUSTER_ID is required}" -c "$config"
exec "${java[@]}" kafka.Kafka "$config"
