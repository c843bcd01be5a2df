#!/bin/bash
# Prints the home of a Java 21+ installation on this machine, for the registry image: DNREGISTRY_JAVA21_HOME, or the
# newest one under /usr/lib/jvm (the same places the local stack looks, README "Requirements").
set -euo pipefail
feature() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true; }
if [[ -n ${DNREGISTRY_JAVA21_HOME:-} ]]; then
  f=$(feature "$DNREGISTRY_JAVA21_HOME"); (( ${f:-0} >= 21 )) || { echo "DNREGISTRY_JAVA21_HOME is not Java 21+" >&2; exit 1; }
  realpath "$DNREGISTRY_JAVA21_HOME"; exit 0
fi
best=; bestf=0
for home in /usr/lib/jvm/*/; do
  f=$(feature "$home"); f=${f:-0}
  if (( f >= 21 && f > bestf )) && [[ -x $home/bin/java ]]; then best=$home; bestf=$f; fi
done
[[ -n $best ]] || { echo "the registry image needs a Java 21+ installation under /usr/lib/jvm or DNREGISTRY_JAVA21_HOME" >&2; exit 1; }
realpath "$best"
