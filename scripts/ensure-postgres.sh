#!/usr/bin/env bash
# Makes sure the PostgreSQL that the storage tests use is running at 127.0.0.1:5432 (user postgres).
# Starts the local cluster if it is installed but stopped; fails loudly otherwise.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ready; then echo "PostgreSQL is accepting connections at 127.0.0.1:5432"; exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "PostgreSQL is not running; starting cluster ${version}/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do ready && { echo "PostgreSQL started"; exit 0; }; sleep 1; done
fi
echo "ERROR: PostgreSQL is not reachable at 127.0.0.1:5432 and could not be started." >&2
echo "The storage tests run against SQLite and PostgreSQL. Install and start PostgreSQL (user 'postgres', trust auth)," >&2
echo "e.g. 'apt-get install -y postgresql' then 'pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start'." >&2
exit 1
