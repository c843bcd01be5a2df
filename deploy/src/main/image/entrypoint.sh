#!/bin/sh
# The image's entrypoint: the command is the role. JAVA_OPTS holds JVM options. A streams container is reached
# by the other instances at query.advertised.host: unless it is set, this container's own address.
set -e
if [ "${1:-}" = streams ] && [ -z "${DNREGISTRY_QUERY_ADVERTISED_HOST:-}" ]; then
  DNREGISTRY_QUERY_ADVERTISED_HOST=$(hostname -i | cut -d' ' -f1)
  export DNREGISTRY_QUERY_ADVERTISED_HOST
fi
# exec: java becomes PID 1 and gets SIGTERM itself.
# shellcheck disable=SC2086
exec java $JAVA_OPTS -jar /opt/dn-registry/outcomes-registry.jar "$@"
