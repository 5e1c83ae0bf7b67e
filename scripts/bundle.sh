#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle of OneStop Desktop from packaging/onestop.spec.
#
#   bash scripts/bundle.sh
#
# Runs scripts/setup.sh (runtime set only), installs the pinned build tool from
# packaging/requirements-build.txt into .venv when it is missing or of another version, takes
# the guide's screenshots into docs/guide/images, then builds dist/OneStopDesktop/ (the program
# OneStopDesktop beside its _internal folder); build/ holds PyInstaller's intermediate files.
# All three are ignored by git. Safe to run again: each run replaces the previous bundle. The
# bundle is for the system it is built on (see packaging/README.md for Windows).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQUIREMENTS="$ROOT/packaging/requirements-build.txt"

say() { printf 'bundle: %s\n' "$*" >&2; }

for arg in "$@"; do
    case "$arg" in
        -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) say "error: unknown option '$arg' (this script takes none)"; exit 2 ;;
    esac
done

bash "$ROOT/scripts/setup.sh"

# pip only when the pinned PyInstaller is not the one installed: a second run needs no network.
wanted="$(sed -n 's/^pyinstaller==//p' "$REQUIREMENTS")"
installed="$("$VENV/bin/python" -c 'import PyInstaller; print(PyInstaller.__version__)' 2>/dev/null || true)"
if [[ $installed != "$wanted" ]]; then
    say "installing PyInstaller $wanted"
    "$VENV/bin/pip" install --disable-pip-version-check -q -r "$REQUIREMENTS"
fi

cd "$ROOT"
# The guide's pictures are taken from the real window at build time (not committed: they would
# go stale with every change); the spec puts docs/guide, pictures included, into the bundle.
say "taking the guide's screenshots (docs/guide/images)"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" "$ROOT/scripts/screenshots.py" "$ROOT/docs/guide/images" >/dev/null
say "building dist/OneStopDesktop (a few minutes)"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build" packaging/onestop.spec
say "done: $ROOT/dist/OneStopDesktop/OneStopDesktop ($(du -sh "$ROOT/dist/OneStopDesktop" | cut -f1))"
