#!/usr/bin/env bash
# Before and after screenshots of issue 19's «Why», bullet by bullet (tests/Scari.BrowserTests/WhyScreenshotsTests.cs).
#
#   scripts/screenshots-issue-19.sh [folder]          (default /tmp/scari-19-screens)
#
# 1. «después»: runs WhyScreenshotsTests on this tree (scripts/test.sh) → 19-why-<n>-<slug>-despues.png
# 2. «antes»: makes a temporary git worktree at the last commit before any issue-19 work (3caab4e, the parent of
#    9cb9124 «A learner lands on Mi aprendizaje after signing in», the first commit of issue 19; SCARI_ANTES=<commit>
#    picks another), copies in this test class and the fixture content it reads that the old tree lacks
#    (tests/fixtures/search-content, tests/fixtures/content/python), and runs it there with its own scripts/test.sh and
#    SCARI_WHY_SUFIJO=antes → 19-why-<n>-<slug>-antes.png. The worktree is removed afterwards.
# 3. copies both sets (and the PDF report of bullet 6) into the folder and prints them bullet by bullet.
# A bullet whose page the old version lacks is photographed as it was; a screenshot only the new version can take
# (e.g. the open «Menú») has no «antes». A failing test of one run does not stop the other.
# It builds a second tree: on a shared machine run it under the heavy lock, e.g.
#   flock /work/wt/heavy.lock scripts/screenshots-issue-19.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-/tmp/scari-19-screens}
before=${SCARI_ANTES:-3caab4e}
shots=tests/Scari.BrowserTests/bin/Debug/net10.0/screenshots
test_class=tests/Scari.BrowserTests/WhyScreenshotsTests.cs
fixtures=(tests/fixtures/search-content tests/fixtures/content/python)

log() { printf '[screenshots-issue-19] %s\n' "$*" >&2; }
mkdir -p "$out"

# Runs the class in tree $1 with suffix $2 and copies what it saved.
run() {
  local tree=$1 suffix=$2
  rm -f "$tree/$shots"/19-why-*-"$suffix".*
  log "capturas «$suffix» en $tree"
  if ! (cd "$tree" && SCARI_WHY_SUFIJO=$suffix scripts/test.sh --project tests/Scari.BrowserTests -- --filter-class "*WhyScreenshotsTests" >"$out/prueba-$suffix.log" 2>&1); then
    log "alguna prueba de «$suffix» falló (vea $out/prueba-$suffix.log): se copian las capturas que sí se tomaron"
  fi
  cp "$tree/$shots"/19-why-*-"$suffix".* "$out"/ 2>/dev/null || log "ninguna captura «$suffix»"
}

run "$root" despues

worktree=$(mktemp -d /tmp/scari-19-antes.XXXXXX)
chmod 755 "$worktree" # scripts/test.sh runs PostgreSQL as another user, which starts in this folder
cleanup() { git -C "$root" worktree remove --force "$worktree" 2>/dev/null || rm -rf "$worktree"; git -C "$root" worktree prune; }
trap cleanup EXIT
log "árbol temporal en $worktree a $(git -C "$root" log --oneline -1 "$before" | cut -c1-100)"
git -C "$root" worktree add --detach --quiet "$worktree" "$before"
cp "$root/$test_class" "$worktree/$test_class"
for f in "${fixtures[@]}"; do
  if [[ ! -e "$worktree/$f" ]]; then mkdir -p "$(dirname "$worktree/$f")"; cp -r "$root/$f" "$worktree/$f"; fi
done
run "$worktree" antes

log "capturas en $out:"
for n in 1 2 3 4 5 6 7 8; do
  echo "«Why» $n"
  for f in "$out"/19-why-"$n"-*; do [[ -e $f ]] && echo "  $(basename "$f")"; done
done
