#!/usr/bin/env bash
# Installs and starts the system services the tests need: Debian Chromium (browser tests) and a
# PostgreSQL server with a test database. Safe to run again; does nothing that is already done.
# Without root or apt-get it only reports what is missing (the tests then say so too; under
# CI=true they fail instead of skipping).
set -u
PG_USER=image_tagger
PG_DB=image_tagger_test

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing system packages (install as root): ${need[*]}" >&2
    exit 0
  fi
fi

# PostgreSQL: start the first cluster if it is down, then make sure the test role and db exist.
if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  cluster=$(pg_lsclusters -h | head -n 1)
  if [ -z "$cluster" ]; then
    ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_createcluster "$ver" main >/dev/null
    cluster=$(pg_lsclusters -h | head -n 1)
  fi
  read -r ver name port status _ <<<"$cluster"
  if [ "$status" != "online" ]; then
    pg_ctlcluster "$ver" "$name" start
  fi
  for _ in $(seq 1 30); do
    runuser -u postgres -- psql -p "$port" -qtAc "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.5
  done
  runuser -u postgres -- psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'" | grep -q 1 ||
    runuser -u postgres -- psql -p "$port" -qc "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_USER' CREATEDB"
  runuser -u postgres -- psql -p "$port" -qtAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1 ||
    runuser -u postgres -- psql -p "$port" -qc "CREATE DATABASE $PG_DB OWNER $PG_USER"
  echo "postgresql: cluster $ver/$name online on port $port, database $PG_DB"
fi
exit 0
