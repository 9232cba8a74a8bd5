#!/usr/bin/env bash
# Times the indicator pages on a database filled by indicators-data.sh: starts the app (Release, Production,
# no migration), creates or signs in a bench administrator, and requests each page N times with curl after a
# warm-up. Prints median, 90th percentile and maximum in milliseconds.
#
#   scripts/bench/indicators-measure.sh "Host=127.0.0.1;Port=5432;Username=postgres;Database=scari_bench" [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
cs=${1:?"uso: scripts/bench/indicators-measure.sh \"Host=…;Database=…\" [N]"}
n=${2:-30}
port=${BENCH_PORT:-5187}
base="http://127.0.0.1:$port"
email=bench@scari.test
password=clave-bench-2026
tmp=$(mktemp -d)
source scripts/lib/forms.sh

dotnet build src/Scari.Web -c Release -v q -nologo >/dev/null
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=$base Scari__PublicBaseUrl=$base Database__Provider=Postgres Database__MigrateOnStart=false \
  ConnectionStrings__Scari="$cs" Logging__LogLevel__Default=Warning \
  Security__AllowHttpCookies=true Security__RequireAdminTwoFactor=false RateLimits__PermitLimit=100000 \
  Mail__Delivery=Archivos Mail__Directory="$tmp/correo" \
  dotnet src/Scari.Web/bin/Release/net10.0/Scari.Web.dll >"$tmp/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 60); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done

jar="$tmp/cookies"
sleep 1
if link=$(grep -o '/cuenta/configuracion-inicial?token=[A-Za-z0-9_-]*' "$tmp/app.log" | head -n 1) && [[ -n $link ]]; then
  t=$(curl -s -c "$jar" -b "$jar" "$base$link" | form_token)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$t" --data-urlencode "Token=${link#*token=}" \
    --data-urlencode "Input.FullName=Bench" --data-urlencode "Input.Email=$email" \
    --data-urlencode "Input.Password=$password" --data-urlencode "Input.ConfirmPassword=$password" "$base$link"
fi
t=$(curl -s -c "$jar" -b "$jar" "$base/cuenta/ingresar" | form_token)
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$t" \
  --data-urlencode "Input.UserName=$email" --data-urlencode "Input.Password=$password" "$base/cuenta/ingresar")
[[ $code == 302 ]] || { echo "no se pudo ingresar como $email (HTTP $code); ¿la base ya tiene otro administrador?" >&2; exit 1; }

measure() {
  local label=$1 url=$2
  for _ in 1 2 3; do curl -s -o /dev/null -b "$jar" "$base$url"; done
  for _ in $(seq 1 "$n"); do curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "$base$url"; done | sort -n |
    awk -v label="$label" '{ t[NR] = $1 * 1000 } END { printf "%-44s mediana %6.1f ms   p90 %6.1f ms   máx %6.1f ms\n", label, t[int((NR + 1) / 2)], t[int(NR * 0.9)], t[NR] }'
}
# Cold: a different cut-off date on every request, so every request computes from SQL (no cache hit).
cold() {
  local label=$1 indicator=$2
  for i in $(seq 1 "$n"); do
    curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "$base/admin/indicadores/$indicator?corte=$(date -u -d "2026-06-30 - $i days" +%F)"
  done | sort -n |
    awk -v label="$label" '{ t[NR] = $1 * 1000 } END { printf "%-44s mediana %6.1f ms   p90 %6.1f ms   máx %6.1f ms\n", label, t[int((NR + 1) / 2)], t[int(NR * 0.9)], t[NR] }'
}
cold "tablero funcionarios-tic, en frío" funcionarios-tic
cold "tablero jovenes-4r, en frío" jovenes-4r
measure "tablero funcionarios-tic (corte 2026-06-30)" "/admin/indicadores/funcionarios-tic?corte=2026-06-30"
measure "tablero jovenes-4r (corte 2026-06-30)" "/admin/indicadores/jovenes-4r?corte=2026-06-30"
measure "tablero funcionarios-tic (corte 2025-03-31)" "/admin/indicadores/funcionarios-tic?corte=2025-03-31"
measure "personas, página 1 (todas)" "/admin/indicadores/funcionarios-tic/personas?corte=2026-06-30"
measure "personas de un curso, página 20" "/admin/indicadores/funcionarios-tic/personas?corte=2026-06-30&curso=seguridad-digital&pagina=20"
measure "XLSX por curso" "/admin/indicadores/funcionarios-tic/exportar/cursos.xlsx?corte=2026-06-30"
measure "público /indicadores (en caché)" "/indicadores"
