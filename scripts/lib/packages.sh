# Debian packages a script needs. Source it from a script that has `set -euo pipefail` and defines log(), then:
#   install_missing PACKAGE...   installs the given packages with apt-get when run as root; otherwise says which are
#                                missing, in Spanish, and exits 1. Call it with only the packages found missing.
install_missing() {
  (($#)) || return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "instalando: $*"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    log "faltan paquetes: $* (instálelos con apt-get o ejecute como root)"
    exit 1
  fi
}
