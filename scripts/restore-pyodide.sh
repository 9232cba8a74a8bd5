#!/usr/bin/env bash
# Puts Pyodide (the npm package `pyodide`, version pinned in scripts/pyodide/package-lock.json) in
# src/Scari.Web/wwwroot/lib/pyodide, from where the app serves it to run the lessons' Python: about 12 MB, not in git.
# scripts/test.sh runs it; without it the lessons show their code as text and no «Ejecutar» button.
set -euo pipefail
cd "$(dirname "$0")/.."
target=src/Scari.Web/wwwroot/lib/pyodide
files=(pyodide.js pyodide.asm.js pyodide.asm.wasm python_stdlib.zip pyodide-lock.json)
version=$(sed -nE 's/.*"pyodide": "([^"]+)".*/\1/p' scripts/pyodide/package.json | head -n 1)
complete() { for f in "${files[@]}"; do [[ -f $target/$f ]] || return 1; done; [[ $(cat "$target/VERSION" 2>/dev/null) == "$version" ]]; }
complete && exit 0
command -v npm >/dev/null || { echo "restore-pyodide: falta npm (apt-get install npm); la aplicación funciona sin Pyodide, sin el botón «Ejecutar»." >&2; exit 1; }
(cd scripts/pyodide && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
rm -rf "$target" && mkdir -p "$target"
for f in "${files[@]}"; do cp "scripts/pyodide/node_modules/pyodide/$f" "$target/"; done
echo "$version" > "$target/VERSION"
echo "Pyodide $version en $target ($(du -sh "$target" | cut -f1))"
