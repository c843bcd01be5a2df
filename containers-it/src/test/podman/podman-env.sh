#!/usr/bin/env bash
# Podman for the container tests, set up from Debian packages on a machine that has no container engine and can
# pull no image (DESIGN.md, "Testcontainers does run here"). Run by Maven around the integration tests:
#   podman-env.sh up   WORK KAFKA_LIBS APICURIO_TAR_GZ DEPLOY_DIR   (pre-integration-test)
#   podman-env.sh down WORK                                          (post-integration-test)
# up: installs podman, runc and debootstrap when missing; writes containers.conf and storage.conf under WORK;
# builds the base images once (kept between runs in the cache folder: a Debian minbase rootfs, a JRE on it);
# builds the stand-in images of the Kafka broker and the Apicurio registry and the project's own image; starts
# `podman system service` on WORK/podman.sock and records its pid. down: stops what up started, by pid.
set -euo pipefail

action=${1:?up or down}
work=$(realpath -m "${2:?work folder}")
cache=${DNREGISTRY_PODMAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dnregistry/podman}
export CONTAINERS_CONF=$work/containers.conf CONTAINERS_STORAGE_CONF=$work/storage.conf

log() { printf '[podman-env %s] %s\n' "$(date +%T)" "$*"; }

stop_service() {
  if [[ -f $work/service.pid ]]; then
    local pid; pid=$(cat "$work/service.pid")
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping podman system service (pid $pid)"
      kill -TERM "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$work/service.pid"
  fi
}

# conmon processes of this storage (left by exec sessions and health checks) that outlived their containers.
stop_leftover_conmon() {
  local pid
  for pid in $(pgrep -x conmon || true); do
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$cache/"; then
      log "stopping leftover conmon (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
}

if [[ $action == down ]]; then
  # The tests remove what they start, by id; a leak shows here rather than on the next run.
  left=$(podman ps -a -q 2>/dev/null | wc -l) && (( left > 0 )) && log "WARNING: $left containers left in $cache"
  stop_service
  stop_leftover_conmon
  exit 0
fi
[[ $action == up ]] || { echo "usage: $0 up|down WORK ..." >&2; exit 2; }
kafka_libs=$(realpath "${3:?folder of the Kafka broker jars}")
apicurio_archive=$(realpath "${4:?the Apicurio Registry archive (tar.gz)}")
deploy_dir=$(realpath "${5:?the deploy folder: Containerfile, target/outcomes-registry.jar and target/lib/}")
here=$(dirname "$(realpath "$0")")
t0=$(date +%s)

missing=()
command -v podman >/dev/null || missing+=(podman)
command -v runc >/dev/null || missing+=(runc)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v podman-compose >/dev/null || missing+=(podman-compose)
if (( ${#missing[@]} )); then
  [[ $(id -u) == 0 ]] || { echo "podman-env: ${missing[*]} missing and not root to install them" >&2; exit 1; }
  log "installing ${missing[*]} (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman runc debootstrap podman-compose >"$work.apt.log" 2>&1 \
    || { cat "$work.apt.log" >&2; exit 1; }
fi

mkdir -p "$work" "$cache"
stop_service
nofile=$(ulimit -Hn)
[[ $nofile == unlimited ]] && nofile=1048576
# runc, not crun (crun refuses this cgroup-v1 hybrid host); cgroupfs (no systemd); explicit ulimits (no
# CAP_SYS_RESOURCE here, so Podman's defaults fail in setrlimit); events to a file (no journald).
cat > "$work/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]
log_driver = "k8s-file"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$work/events.log"
tmp_dir = "$cache/tmp"
static_dir = "$cache/storage/libpod"
volume_path = "$cache/storage/volumes"
[network]
network_backend = "netavark"
network_config_dir = "$cache/networks"
CONF
# Storage is kept between runs in the cache folder, so the base images are built once per machine.
cat > "$work/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$cache/storage"
runroot = "$cache/run"
CONF

image_exists() { podman image exists "$1"; }

if ! image_exists localhost/dn-debian:bookworm; then
  log "debootstrap --variant=minbase bookworm (once per machine)"
  rootfs=$cache/rootfs.tmp
  rm -rf "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -50 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/sh"]' - localhost/dn-debian:bookworm >/dev/null
  rm -rf "$rootfs"
fi

if ! image_exists localhost/dn-jre:17; then
  log "building localhost/dn-jre:17 (Debian's openjdk-17-jre-headless; once per machine)"
  podman build --pull=never --format docker -t localhost/dn-jre:17 -f "$here/jre.Containerfile" "$here" >"$work/build-jre.log" 2>&1 \
    || { tail -50 "$work/build-jre.log" >&2; exit 1; }
fi

java21=$(bash "$here/java21-home.sh")
java21_feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java21/release")
apicurio_version=$(basename "$apicurio_archive" | sed -n 's/^apicurio-registry-app-\(.*\)-all\.tar\.gz$/\1/p')
registry_image=localhost/dn-apicurio:${apicurio_version}-java${java21_feature}
if ! image_exists "$registry_image"; then
  log "building $registry_image (Apicurio Registry on the machine's Java $java21_feature; once per machine)"
  ctx=$work/apicurio-context
  rm -rf "$ctx"; mkdir -p "$ctx"
  cp -a "$java21" "$ctx/java"
  mkdir "$ctx/apicurio" && tar -xzf "$apicurio_archive" -C "$ctx/apicurio"
  cp "$here/apicurio.Containerfile" "$ctx/Containerfile"
  podman build --pull=never --format docker -t "$registry_image" "$ctx" >"$work/build-apicurio.log" 2>&1 \
    || { tail -50 "$work/build-apicurio.log" >&2; exit 1; }
  rm -rf "$ctx"
fi
podman tag "$registry_image" localhost/dn-apicurio:test

log "building localhost/dn-kafka:test (the Maven-resolved Kafka jars on the local JRE)"
ctx=$work/kafka-context
rm -rf "$ctx"; mkdir -p "$ctx"
cp -a "$kafka_libs" "$ctx/libs"
cp "$here/kafka-run.sh" "$ctx/"
podman build --pull=never --layers --format docker -t localhost/dn-kafka:test -f "$here/kafka.Containerfile" "$ctx" \
  >"$work/build-kafka.log" 2>&1 || { tail -50 "$work/build-kafka.log" >&2; exit 1; }

log "building localhost/outcomes-registry:test from deploy/Containerfile (BASE_IMAGE=localhost/dn-jre:17)"
podman build --pull=never --layers --format docker --build-arg BASE_IMAGE=localhost/dn-jre:17 \
  -t localhost/outcomes-registry:test -f "$deploy_dir/Containerfile" "$deploy_dir" \
  >"$work/build-image.log" 2>&1 || { tail -50 "$work/build-image.log" >&2; exit 1; }
podman image inspect localhost/outcomes-registry:test --format '{{.Size}}' > "$work/image-size.txt"
# Dangling layers of earlier builds of the test images: the cache keeps the base images, not every build.
podman image prune -f >/dev/null

rm -f "$work/podman.sock"
nohup podman system service --time=0 "unix://$work/podman.sock" >"$work/service.log" 2>&1 &
echo $! > "$work/service.pid"
for _ in $(seq 1 100); do [[ -S $work/podman.sock ]] && break; sleep 0.1; done
[[ -S $work/podman.sock ]] || { cat "$work/service.log" >&2; exit 1; }
log "ready in $(( $(date +%s) - t0 )) s: DOCKER_HOST=unix://$work/podman.sock (service pid $(cat "$work/service.pid"))"
