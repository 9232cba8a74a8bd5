# Shared by the import benchmark and scripts/kill-import.sh: a throwaway PostgreSQL (scripts/lib/postgres.sh), the app built in
# Release and started on it (or on SQLite: set app_provider=Sqlite and connection="Data Source=FILE" before start_app), an administrator created through the first-admin link, and curl helpers (form_token
# from scripts/lib/forms.sh reads a page's antiforgery token).
# Source it from a script that has `set -euo pipefail` and sets `root`.

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

source "$root/scripts/lib/postgres.sh"
source "$root/scripts/lib/forms.sh"
pg_setup scari-bench
work=$pgtmp
app_pid=""
pg_before_stop() { if [[ -n "$app_pid" ]]; then { kill -9 "$app_pid"; wait "$app_pid"; } 2>/dev/null || true; fi; }

start_postgres() {
  # Durable settings (fsync on): the kill test must see what a real crash leaves behind.
  pg_start $((55400 + RANDOM % 400))
  "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE scari" >/dev/null
  connection="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari"
}

sql() { "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d scari -tAc "$1"; }

# SCARI_APP_DIR: a folder with a built Scari.Web.dll (the tests pass their own); else a Release build.
build_app() {
  if [[ -n "${SCARI_APP_DIR:-}" ]]; then app_dir=$SCARI_APP_DIR; return; fi
  app_dir="$work/app"
  log "compilando en Release…"
  dotnet build "$root/src/Scari.Web" -c Release -o "$work/app" -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
}

# publish_r2r DIR: the app published with ReadyToRun (precompiled native code for the app and its packages, so a
# freshly started app JIT-compiles far less): measured, not adopted (docs/performance.md). SCARI_R2R_APP_DIR: one already published.
publish_r2r() {
  if [[ -n "${SCARI_R2R_APP_DIR:-}" ]]; then r2r_dir=$SCARI_R2R_APP_DIR; return; fi
  r2r_dir=$1
  log "publicando con ReadyToRun…"
  dotnet publish "$root/src/Scari.Web" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$r2r_dir" -v q -nologo \
    >"$work/publish-r2r.log" 2>&1 || { cat "$work/publish-r2r.log" >&2; exit 1; }
}

# SCARI_APP_RATE_LIMITS=1: the app keeps its own rate limits (the sign-in benchmark measures them); by default every
# limit is raised to 100,000 per window so a benchmark's requests from one address are never refused.
# build_baseline REV: sets base_app to SCARI_BASELINE_APP_DIR when given, else to REV built in Release from a temporary
# git worktree (removed once built): the "before" of a benchmark that measures before and after in one run.
build_baseline() {
  base_app=${SCARI_BASELINE_APP_DIR:-}
  [[ -n $base_app ]] && return 0
  git -C "$root" worktree add -q --detach "$work/baseline-src" "$1"
  log "compilando la revisión $1 en Release…"
  if ! dotnet build "$work/baseline-src/src/Scari.Web" -c Release -o "$work/baseline-app" -v q -nologo >"$work/build-baseline.log" 2>&1; then
    git -C "$root" worktree remove --force "$work/baseline-src"; cat "$work/build-baseline.log" >&2; exit 1
  fi
  git -C "$root" worktree remove --force "$work/baseline-src"
  base_app="$work/baseline-app"
}

start_app() {
  local attempt limits=(RateLimits__PermitLimit=100000)
  if [[ ${SCARI_APP_RATE_LIMITS:-} == 1 ]]; then limits=(); fi
  # Another session's app may take the free port first: the app then exits, and it starts again on another port.
  for attempt in 1 2 3; do
    appport=$(free_port $((56000 + RANDOM % 400)))
    base="http://127.0.0.1:$appport"
    (cd "$app_dir" && ASPNETCORE_ENVIRONMENT=Production Scari__PublicBaseUrl="$base" Database__Provider=${app_provider:-Postgres} ConnectionStrings__Scari="$connection" \
      Scari__ContentDirectory="$root/content" Security__RequireAdminTwoFactor=false Security__AllowHttpCookies=true \
      Logging__LogLevel__Default=Warning Mail__Delivery=Archivos Mail__Directory="$work/correo" \
      exec env "${limits[@]}" dotnet "$app_dir/Scari.Web.dll" --urls "$base" >>"$work/app.log" 2>&1) &
    app_pid=$!
    # Up to three minutes: on the shared 2-core machine under a full test run, a cold start has taken over one.
    for _ in $(seq 1 360); do
      curl -fs "$base/health" >/dev/null 2>&1 && return
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$app_pid" 2>/dev/null && break
    wait "$app_pid" 2>/dev/null || true
  done
  cat "$work/app.log" >&2; log "la aplicación no respondió"; exit 1
}

kill_app() { { kill -9 "$app_pid"; wait "$app_pid"; } 2>/dev/null || true; app_pid=""; }

jar="$work/cookies.txt"

create_admin_and_sign_in() {
  local link token
  link=$(grep -o 'configuracion-inicial?token=[A-Za-z0-9_-]*' "$work/app.log" | tail -n 1)
  token=$(curl -s -c "$jar" -b "$jar" "$base/cuenta/$link" | form_token)
  curl -s -o /dev/null -c "$jar" -b "$jar" "$base/cuenta/$link" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Token=${link#*token=}" --data-urlencode "Input.FullName=Administración Bench" \
    --data-urlencode "Input.Email=bench@scari.test" --data-urlencode "Input.Password=clave-bench-2026" --data-urlencode "Input.ConfirmPassword=clave-bench-2026"
  sign_in
}

sign_in() {
  local token
  token=$(curl -s -c "$jar" -b "$jar" "$base/cuenta/ingresar" | form_token)
  curl -s -o /dev/null -c "$jar" -b "$jar" "$base/cuenta/ingresar" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Input.UserName=bench@scari.test" --data-urlencode "Input.Password=clave-bench-2026"
  [[ $(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base/admin/importar") == 200 ]] || { log "no se pudo ingresar como administrador"; exit 1; }
}

# upload FILE -> prints the preview path
upload() {
  local token
  token=$(curl -s -c "$jar" -b "$jar" "$base/admin/importar" | form_token)
  curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" -F "__RequestVerificationToken=$token" -F "Archivo=@$1;type=text/csv" "$base/admin/importar" \
    | sed "s|^$base||"
}

# confirm PREVIEW_PATH [TOKEN] -> prints the HTTP status. With TOKEN (from the preview page already shown, as a browser
# posts the form it displays) the preview is not fetched again.
confirm() {
  local token=${2:-}
  [[ -n $token ]] || token=$(curl -s -c "$jar" -b "$jar" "$base$1" | form_token)
  curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$token" "$base$1"
}
