#!/usr/bin/env bash
# Set up (see scripts/setup.sh, with the test tools) and run every check: ruff lint, ruff
# format, mypy and the pytest suite. Extra arguments go to pytest.
#
#   bash scripts/test.sh [pytest options]
#
# Every step runs even when an earlier one fails; the exit status is non-zero if any failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
cd "$ROOT"

# --with-postgres: the upstream store tests run against a real PostgreSQL server (they start
# their own on loopback; nothing of them is skipped when the server programs are installed).
bash "$ROOT/scripts/setup.sh" --dev --with-postgres

export QT_QPA_PLATFORM=offscreen
# The suite must never open the user's real database.
unset ONESTOP_DB
# Keep tool caches out of the work tree.
export RUFF_CACHE_DIR="${RUFF_CACHE_DIR:-$VENV/.cache/ruff}"
export MYPY_CACHE_DIR="${MYPY_CACHE_DIR:-$VENV/.cache/mypy}"

failed=()
step() {
    local name=$1 start status
    shift
    printf '\n=== %s ===\n' "$name"
    start=$SECONDS
    if "$@"; then status=0; else status=$?; fi
    if [[ $status != 0 ]]; then
        failed+=("$name")
        printf '=== %s: FAILED (exit %s, %ss) ===\n' "$name" "$status" "$((SECONDS - start))"
    elif [[ $name != pytest ]]; then
        # Nothing after pytest's own summary on success: CI reads that closing line.
        printf '=== %s: ok (%ss) ===\n' "$name" "$((SECONDS - start))"
    fi
}

step "ruff check" "$VENV/bin/ruff" check .
step "ruff format --check" "$VENV/bin/ruff" format --check .
step "mypy" "$VENV/bin/mypy"
# "python -m" puts the repository root on sys.path, so tests import onestop_desktop and tests.*
step "pytest" "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"

if ((${#failed[@]})); then
    printf '\ntest.sh: failed steps:' >&2
    printf ' [%s]' "${failed[@]}" >&2
    printf '\n' >&2
    exit 1
fi
