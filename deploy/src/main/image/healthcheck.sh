#!/bin/bash
# Health of the role PID 1 runs, over plain HTTP with bash's /dev/tcp (the image needs no curl):
# ingest GET /health/ready on ingest.port, streams GET /health on query.port (DNREGISTRY_* or 8080).
# The one-shot commands (topics, import, simulate) are healthy while they run.
cmdline=$(tr '\0' ' ' < /proc/1/cmdline)
case " $cmdline " in
  *" outcomes-registry.jar ingest "*) port=${DNREGISTRY_INGEST_PORT:-8080}; path=/health/ready ;;
  *" outcomes-registry.jar streams "*) port=${DNREGISTRY_QUERY_PORT:-8080}; path=/health ;;
  *) exit 0 ;;
esac
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
case $status in
  "HTTP/1."[01]" 200 "*) exit 0 ;;
  *) echo "$path answered: $status"; exit 1 ;;
esac
