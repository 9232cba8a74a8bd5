# Shared by lesson-page.sh, enrolled-lesson.sh and signed-in-pages.sh: wrk, curl and PostgreSQL (installed when run as root), a
# throwaway cluster (scripts/lib/postgres.sh), the app published in Release and started on it on a free port,
# and a check that $lesson answers. Source it from a script that has `set -euo pipefail`, defines log() and
# sets `root` and `lesson`; it sets $tmp, $pgport, $port, $app_pid and $base, and defines register() (form_token comes
# from scripts/lib/forms.sh).

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
source "$root/scripts/lib/packages.sh"
install_missing "${missing[@]}"
source "$root/scripts/lib/postgres.sh"
source "$root/scripts/lib/forms.sh"
pg_setup scari-bench
tmp=$pgtmp
app_pid=
pg_before_stop() { [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null; }
pg_start 55432
"${as_pg[@]}" "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE scari_bench" >/dev/null

log "compilando en Release"
dotnet publish src/Scari.Web -c Release -o "$tmp/app" --nologo -v quiet >/dev/null
port=$(free_port 5190)
(
  cd "$tmp/app"
  export ASPNETCORE_URLS="http://127.0.0.1:$port" Database__Provider=Postgres \
    ConnectionStrings__Scari="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari_bench" \
    Scari__ContentDirectory="$root/content" Logging__LogLevel__Default=Warning \
    Security__AllowHttpCookies=true RateLimits__PermitLimit=100000
  exec dotnet Scari.Web.dll >"$tmp/app.log" 2>&1
) &
app_pid=$!
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
grep -q "<h1>" <<<"$(curl -fs "http://127.0.0.1:$port$lesson")" || { cat "$tmp/app.log" >&2; log "la lección no responde"; exit 1; }

base="http://127.0.0.1:$port"
# register COOKIE-JAR DOCUMENT-NUMBER: a civil servant registers with curl and stays signed in in that jar.
register() {
  local page dep
  page=$(curl -fs -c "$1" -b "$1" "$base/cuenta/registro")
  dep=$(sed -n '/id="Input_DependenciaId"/,/<\/select>/p' <<<"$page" | grep -o 'option value="[0-9][0-9]*"' | head -n 1 | grep -o '[0-9][0-9]*')
  curl -fs -o /dev/null -c "$1" -b "$1" "$base/cuenta/registro" \
    --data-urlencode "__RequestVerificationToken=$(form_token <<<"$page")" \
    -d "Input.DocumentType=CC&Input.DocumentNumber=$2&Input.GivenNames=Banca&Input.FamilyNames=Marca&Input.Email=b$2%40scari.test" \
    -d "Input.DependenciaId=$dep&Input.Vinculo=Planta&Input.Cargo=Profesional&Input.Password=clave-larga-2026&Input.ConfirmPassword=clave-larga-2026&Input.AcceptsPrivacyNotice=true"
}
