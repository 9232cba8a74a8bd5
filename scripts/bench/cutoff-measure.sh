#!/usr/bin/env bash
# Publishes a cut-off on a database filled by indicators-data.sh (1,000,000 completions, 100,000 people) and times
# it, then times the public page of that publication warm. Starts the app like indicators-measure.sh (Release,
# Production, no migration) and signs in the bench administrator (created on first use).
#
#   scripts/bench/cutoff-measure.sh "Host=127.0.0.1;Port=5432;Username=postgres;Database=scari_bench" [N] [AAAA-MM-DD]
set -euo pipefail
cd "$(dirname "$0")/../.."
cs=${1:?"uso: scripts/bench/cutoff-measure.sh \"Host=…;Database=…\" [N] [corte]"}
n=${2:-50}
cutoff=${3:-2026-06-30}
port=${BENCH_PORT:-5188}
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
for _ in $(seq 1 360); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done

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

page="/admin/indicadores/cortes?indicador=funcionarios-tic&corte=$cutoff"
# The preview computes the same figures as publishing; timed apart so the publish time is the transaction alone.
preview=$(curl -s -o "$tmp/preview.html" -c "$jar" -b "$jar" -w '%{time_total}' "$base$page")
t=$(form_token <"$tmp/preview.html")
out=$(curl -s -o /dev/null -c "$jar" -b "$jar" -w '%{http_code} %{time_total} %{redirect_url}' \
  --data-urlencode "__RequestVerificationToken=$t" --data-urlencode "indicador=funcionarios-tic" --data-urlencode "corte=$cutoff" "$base$page")
read -r status seconds location <<<"$out"
[[ $status == 302 ]] || { echo "la publicación falló (HTTP $status)" >&2; tail -n 30 "$tmp/app.log" >&2; exit 1; }
awk -v p="$preview" -v s="$seconds" 'BEGIN { printf "vista previa del corte (en frío)               %8.0f ms\npublicar el corte (una transacción)            %8.0f ms\n", p * 1000, s * 1000 }'
url=${location#"$base"}

for _ in 1 2 3; do curl -s -o /dev/null "$base$url"; done
for _ in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "$base$url"; done | sort -n |
  awk -v label="página pública $url" '{ t[NR] = $1 * 1000 } END { printf "%-44s mediana %6.1f ms   p90 %6.1f ms   máx %6.1f ms\n", label, t[int((NR + 1) / 2)], t[int(NR * 0.9)], t[NR] }'
curl -s "$base$url?handler=Archivo" | sha256sum | awk '{ print "SHA-256 del archivo descargado: " $1 }'
