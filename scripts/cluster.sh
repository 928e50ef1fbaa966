#!/usr/bin/env bash
# A local three-silo ContactTrace cluster on one PostgreSQL: three `contacttrace` processes with the HTTP API on
# each, one Orleans cluster (shared ServiceId/ClusterId, membership in PostgreSQL); any silo answers any request.
#   scripts/cluster.sh start    publish the host (Release), start PostgreSQL and the silos, wait until all are ready
#   scripts/cluster.sh status   each silo's pid and /health/ready
#   scripts/cluster.sh stop     SIGTERM to every silo (graceful: grains hand over, membership left), then PostgreSQL
# Settings (environment):
#   CONTACTTRACE_POSTGRES      connection string to use; unset = a throwaway server from scripts/postgres.sh
#   CONTACTTRACE_CLUSTER_DIR   state: pids, logs, the published host (default /tmp/contacttrace-cluster)
#   CONTACTTRACE_ADMIN_KEY     the admin API key to configure (default: a random one, kept in the state dir)
#   CONTACTTRACE_PORT_BASES    "HTTP SILO" port bases (default "5100 11110")
# Silo n (1-3) serves HTTP on 127.0.0.1:510n and silo port 1111n (with the default bases), both on loopback only.
# No Orleans gateway is opened (nothing uses one), and silo traffic stays on loopback, so it needs no TLS.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state=${CONTACTTRACE_CLUSTER_DIR:-/tmp/contacttrace-cluster}
silos=(1 2 3)
service_id=contacttrace
stop_timeout=60

read -r http_base silo_base _ <<<"${CONTACTTRACE_PORT_BASES:-5100 11110}"

http_port() { echo $((http_base + $1)); }
silo_port() { echo $((silo_base + $1)); }
url() { echo "http://127.0.0.1:$(http_port "$1")"; }

# The pid in $state/silo-N.pid, if that process is still our contacttrace (guards against a reused pid).
silo_pid() {
  local file="$state/silo-$1.pid" pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'contacttrace.dll' || return 1
  echo "$pid"
}

port_in_use() { ss -ltnH "sport = :$1" | grep -q .; }

start() {
  for n in "${silos[@]}"; do
    if silo_pid "$n" >/dev/null; then
      echo "cluster.sh: silo $n is already running (scripts/cluster.sh status; scripts/cluster.sh stop)" >&2
      exit 1
    fi
  done
  for n in "${silos[@]}"; do
    for port in "$(http_port "$n")" "$(silo_port "$n")"; do
      if port_in_use "$port"; then echo "cluster.sh: port $port is in use" >&2; exit 1; fi
    done
  done

  rm -rf "$state/app" "$state"/*.log "$state"/*.pid
  mkdir -p "$state"

  echo "Publishing the host (Release) to $state/app ..."
  if ! dotnet publish "$root/src/ContactTrace.Host" -c Release -o "$state/app" -p:UseAppHost=false >"$state/build.log" 2>&1; then
    tail -n 30 "$state/build.log" >&2
    echo "cluster.sh: build failed (full log: $state/build.log)" >&2
    exit 1
  fi

  local postgres
  if [ -n "${CONTACTTRACE_POSTGRES:-}" ]; then
    postgres=$CONTACTTRACE_POSTGRES
    echo "PostgreSQL: CONTACTTRACE_POSTGRES"
  else
    rm -rf "$state/pg"
    if ! postgres=$("$root/scripts/postgres.sh" start "$state/pg"); then
      tail -n 20 "$state/pg/initdb.log" "$state/pg/server.log" >&2 2>/dev/null || true
      echo "cluster.sh: could not start PostgreSQL" >&2
      exit 1
    fi
    echo "PostgreSQL: throwaway server in $state/pg ($postgres)"
  fi

  local admin_key=${CONTACTTRACE_ADMIN_KEY:-$(openssl rand -hex 24)}
  (umask 077; printf '%s\n' "$admin_key" >"$state/admin-key")
  # A cluster id of its own per start: silos of an earlier run in the same database are never waited for.
  local cluster_id
  cluster_id="local-$(date +%Y%m%d%H%M%S)"
  echo "$cluster_id" >"$state/cluster-id"

  echo "Migrating the schema ..."
  if ! (cd "$state/app" && ConnectionStrings__Postgres="$postgres" dotnet contacttrace.dll migrate) >"$state/migrate.log" 2>&1; then
    cat "$state/migrate.log" >&2
    echo "cluster.sh: migrate failed" >&2
    stop_postgres
    exit 1
  fi

  for n in "${silos[@]}"; do
    (
      cd "$state/app"
      export ASPNETCORE_ENVIRONMENT=Production
      export ASPNETCORE_URLS="$(url "$n")"
      export ConnectionStrings__Postgres="$postgres"
      export Cluster__ServiceId="$service_id"
      export Cluster__ClusterId="$cluster_id"
      export Cluster__SiloName="silo-$n"
      export Cluster__AdvertisedAddress=127.0.0.1
      export Cluster__SiloPort="$(silo_port "$n")"
      export ContactTrace__ApiKeys__0__Key="$admin_key"
      export ContactTrace__ApiKeys__0__Role=admin
      export OTEL_SERVICE_NAME=contacttrace
      # Its own session, so that it outlives this script; the pid written is dotnet's own (exec).
      setsid bash -c 'echo $$ >"$1"; exec dotnet contacttrace.dll' _ "$state/silo-$n.pid" </dev/null >"$state/silo-$n.log" 2>&1 &
    )
  done

  echo "Waiting for /health/ready on every silo ..."
  local deadline=$((SECONDS + 180))
  for n in "${silos[@]}"; do
    until curl -fsS -o /dev/null --max-time 2 "$(url "$n")/health/ready" 2>/dev/null; do
      sleep 1
      if ! silo_pid "$n" >/dev/null && [ -f "$state/silo-$n.pid" ] || [ $SECONDS -ge $deadline ]; then
        tail -n 40 "$state/silo-$n.log" >&2 || true
        echo "cluster.sh: silo $n did not become ready (log: $state/silo-$n.log); stopping" >&2
        stop
        exit 1
      fi
    done
  done

  echo
  echo "Three silos are ready (cluster $service_id/$cluster_id):"
  for n in "${silos[@]}"; do
    echo "  silo $n  $(url "$n")   pid $(silo_pid "$n")   silo port $(silo_port "$n")   log $state/silo-$n.log"
  done
  echo "Admin API key (also in $state/admin-key): $admin_key"
  echo "Try:  curl -s $(url 3)/api/venues/bus-12 -H 'X-Api-Key: $admin_key'"
  echo "Stop: scripts/cluster.sh stop"
}

stop_postgres() {
  if [ -d "$state/pg" ]; then
    "$root/scripts/postgres.sh" stop "$state/pg"
    echo "PostgreSQL stopped."
  fi
}

stop() {
  local pids=() n pid
  for n in "${silos[@]}"; do
    if pid=$(silo_pid "$n"); then
      kill -TERM "$pid"
      pids+=("$pid")
      echo "silo $n (pid $pid): SIGTERM"
    fi
  done
  local deadline=$((SECONDS + stop_timeout))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "pid $pid did not stop within ${stop_timeout}s: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  [ ${#pids[@]} -gt 0 ] && echo "Silos stopped."
  rm -f "$state"/silo-*.pid
  stop_postgres
}

status() {
  local running=0 n pid health
  for n in "${silos[@]}"; do
    if pid=$(silo_pid "$n"); then
      running=$((running + 1))
      health=$(curl -s --max-time 3 "$(url "$n")/health/ready" 2>/dev/null || true)
      echo "silo $n  $(url "$n")  pid $pid  /health/ready: ${health:-no answer}"
    else
      echo "silo $n  $(url "$n")  not running"
    fi
  done
  if [ -d "$state/pg" ]; then echo "PostgreSQL: throwaway server in $state/pg (port $(cat "$state/pg/port" 2>/dev/null))"; fi
  [ "$running" -gt 0 ]
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
