# Shared by the import benchmark and scripts/kill-import.sh: a throwaway PostgreSQL, the app built in
# Release and started on it, an administrator created through the first-admin link, and curl helpers.
# Source it from a script that has `set -euo pipefail` and sets `root`.

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/scari-bench.XXXXXX)
chmod 755 "$work"
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$work" postgres
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi
app_pid=""
stop_all() {
  local code=$?
  if [[ -n "$app_pid" ]]; then { kill -9 "$app_pid"; wait "$app_pid"; } 2>/dev/null || true; fi
  [[ -f "$work/data/postmaster.pid" ]] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$code"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }

start_postgres() {
  local tries
  for tries in 1 2 3 4 5; do
    pgport=$(free_port $((55400 + RANDOM % 400)))
    "${as_pg[@]}" "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1
    # Durable settings (fsync on): the kill test must see what a real crash leaves behind.
    if "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w -o "-c listen_addresses=127.0.0.1 -p $pgport -k $work" start >/dev/null; then
      "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE scari" >/dev/null
      connection="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari"
      return
    fi
    rm -rf "$work/data"
  done
  log "no se pudo iniciar PostgreSQL"; exit 1
}

sql() { "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d scari -tAc "$1"; }

# SCARI_APP_DIR: a folder with a built Scari.Web.dll (the tests pass their own); else a Release build.
build_app() {
  if [[ -n "${SCARI_APP_DIR:-}" ]]; then app_dir=$SCARI_APP_DIR; return; fi
  app_dir="$work/app"
  log "compilando en Release…"
  dotnet build "$root/src/Scari.Web" -c Release -o "$work/app" -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
}

start_app() {
  appport=$(free_port $((56000 + RANDOM % 400)))
  base="http://127.0.0.1:$appport"
  (cd "$app_dir" && ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres ConnectionStrings__Scari="$connection" \
    Scari__ContentDirectory="$root/content" Security__RequireAdminTwoFactor=false Security__AllowHttpCookies=true \
    RateLimits__PermitLimit=100000 Logging__LogLevel__Default=Warning \
    exec dotnet "$app_dir/Scari.Web.dll" --urls "$base" >>"$work/app.log" 2>&1) &
  app_pid=$!
  for _ in $(seq 1 120); do
    curl -fs "$base/health" >/dev/null 2>&1 && return
    sleep 0.5
  done
  cat "$work/app.log" >&2; log "la aplicación no respondió"; exit 1
}

kill_app() { { kill -9 "$app_pid"; wait "$app_pid"; } 2>/dev/null || true; app_pid=""; }

token_of() { sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -n 1; }
jar="$work/cookies.txt"

create_admin_and_sign_in() {
  local link token
  link=$(grep -o 'configuracion-inicial?token=[A-Za-z0-9_-]*' "$work/app.log" | tail -n 1)
  token=$(curl -s -c "$jar" -b "$jar" "$base/cuenta/$link" | token_of)
  curl -s -o /dev/null -c "$jar" -b "$jar" "$base/cuenta/$link" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Token=${link#*token=}" --data-urlencode "Input.FullName=Administración Bench" \
    --data-urlencode "Input.Email=bench@scari.test" --data-urlencode "Input.Password=clave-bench-2026" --data-urlencode "Input.ConfirmPassword=clave-bench-2026"
  sign_in
}

sign_in() {
  local token
  token=$(curl -s -c "$jar" -b "$jar" "$base/cuenta/ingresar" | token_of)
  curl -s -o /dev/null -c "$jar" -b "$jar" "$base/cuenta/ingresar" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Input.UserName=bench@scari.test" --data-urlencode "Input.Password=clave-bench-2026"
  [[ $(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base/admin/importar") == 200 ]] || { log "no se pudo ingresar como administrador"; exit 1; }
}

# upload FILE -> prints the preview path
upload() {
  local token
  token=$(curl -s -c "$jar" -b "$jar" "$base/admin/importar" | token_of)
  curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" -F "__RequestVerificationToken=$token" -F "Archivo=@$1;type=text/csv" "$base/admin/importar" \
    | sed "s|^$base||"
}

# confirm PREVIEW_PATH -> prints the HTTP status
confirm() {
  local token
  token=$(curl -s -c "$jar" -b "$jar" "$base$1" | token_of)
  curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$token" "$base$1"
}
