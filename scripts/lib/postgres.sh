# A throwaway PostgreSQL cluster for scripts/test.sh, the benchmarks and scripts/kill-import.sh: a temporary
# folder (owned by `postgres` when run as root), a cluster started on 127.0.0.1 and a free port, and an EXIT
# trap that stops it and removes the folder even when the script fails or is interrupted.
# Source it from a script that has `set -euo pipefail` and defines log(), then:
#   pg_setup NAME               creates $pgtmp (/tmp/NAME.XXXXXX), sets $pgbin and $as_pg, installs the traps
#   pg_start PORT [OPTIONS]     initdb, then starts on the first free port from PORT (retrying the next port if
#                               another cluster takes it first); OPTIONS are extra server options ("-c fsync=off");
#                               sets $pgport
#   free_port PORT              prints the first port from PORT that nothing answers on (also for the app)
#   $pg_test_options            the server options of the test clusters: no durability (nothing survives the run
#                               anyway) and room for every test app's connection pool
# A script with more to clean up (an app it started) defines pg_before_stop(), run first by the trap.

pg_test_options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
pgbin=""
pgtmp=""
pgport=""
as_pg=()

free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }

pg_setup() {
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pgtmp=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$pgtmp"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$pgtmp" postgres
    chown postgres "$pgtmp"
    as_pg=(runuser -u postgres --)
  fi
  trap pg_cleanup EXIT
  trap 'exit 130' INT TERM
}

pg_cleanup() {
  local code=$?
  if declare -F pg_before_stop >/dev/null; then pg_before_stop || true; fi
  if [[ -f "$pgtmp/data/postmaster.pid" ]]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgtmp/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pgtmp"
  exit "$code"
}

pg_start() {
  local port=$1 options=${2:-} started=0
  "${as_pg[@]}" "$pgbin/initdb" -D "$pgtmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pgtmp/initdb.log" 2>&1 \
    || { cat "$pgtmp/initdb.log" >&2; exit 1; }
  # A free port: skip ports that answer, and try the next one if another cluster takes it first.
  for _ in $(seq 1 20); do
    port=$(free_port "$port")
    if "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgtmp/data" -l "$pgtmp/postgres.log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $pgtmp $options" \
      start >/dev/null; then
      started=1
      break
    fi
    port=$((port + 1))
  done
  ((started)) || { cat "$pgtmp/postgres.log" >&2; exit 1; }
  pgport=$port
}
