#!/usr/bin/env bash
# Prepare this checkout to run or test OneStop Desktop on Debian 12 (bookworm) with Python 3.11.
#
#   bash scripts/setup.sh [--dev] [--with-postgres]
#
#   --dev            install the test and lint tools too (requirements-dev.txt, and CUPS with
#                    the CUPS-PDF virtual printer for the print-queue tests);
#                    without it only the runtime set (requirements.txt)
#   --with-postgres  also install the PostgreSQL server programs (Debian's postgresql): the
#                    upstream tests start a throwaway server of their own on 127.0.0.1
#
# Safe to run again: it installs Debian packages only when one is missing, creates .venv only
# when absent, and runs pip only when the requirements files changed since the last install
# (a hash stamp kept inside .venv). A second run needs no network.
# Environment: PYTHON=/path/to/python3.11 picks the interpreter.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

dev=0
with_postgres=0
for arg in "$@"; do
    case "$arg" in
        --dev) dev=1 ;;
        --with-postgres) with_postgres=1 ;;
        -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$arg' (expected --dev or --with-postgres)" ;;
    esac
done

# --- Debian packages -------------------------------------------------------------------------
# Fonts with Vietnamese coverage, PDF rasterising and barcode decoding (used by tests), a virtual
# X server for headless runs, and the libraries Qt's xcb and offscreen platform plugins load.
DEBIAN_PACKAGES=(
    fonts-dejavu-core poppler-utils zbar-tools xvfb xauth
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
    libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
    libxcb-xfixes0 libxcb-xkb1 libxcb1 libx11-xcb1 libx11-6 libxkbcommon0 libxkbcommon-x11-0
    libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
)
if [[ $with_postgres == 1 ]]; then
    DEBIAN_PACKAGES+=(postgresql postgresql-client)
fi
if [[ $dev == 1 ]]; then
    # A real print queue for the printing tests: they start a CUPS scheduler of their own (its
    # own folders and socket, see tests/cups.py) with a CUPS-PDF queue; none uses a system one.
    DEBIAN_PACKAGES+=(cups printer-driver-cups-pdf)
fi

# --- Python 3.11 -----------------------------------------------------------------------------
is_python311() {
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1
}

find_python() {
    local candidate
    if [[ -n ${PYTHON:-} ]]; then
        is_python311 "$PYTHON" || die "PYTHON=$PYTHON is not a working Python 3.11"
        command -v "$PYTHON"
        return
    fi
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && is_python311 "$candidate"; then
            command -v "$candidate"
            return
        fi
    done
    die "Python 3.11 not found: install it (on Debian 12: apt-get install python3 python3-venv)" \
        "or point PYTHON at a python3.11 executable"
}

venv_works() {
    [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c \
        'import sys, pip; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1
}

PY=""
if ! venv_works; then
    PY="$(find_python)"
    # Debian splits venv's ensurepip into its own package; without it 'python3 -m venv' fails.
    if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        case "$(readlink -f "$PY")" in
            /usr/bin/python3*) DEBIAN_PACKAGES+=(python3.11-venv) ;;
            *) die "$PY has no 'venv'/'ensurepip' module: use a complete Python 3.11 build" ;;
        esac
    fi
fi

missing_packages() {
    # One dpkg-query for all (it exits 1 when it knows of some package not at all: expected).
    local installed pkg
    installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${DEBIAN_PACKAGES[@]}" \
        2>/dev/null | awk '$2 == "ii" { print $1 }' || true)"
    for pkg in "${DEBIAN_PACKAGES[@]}"; do
        grep -qxF "$pkg" <<<"$installed" || printf '%s\n' "$pkg"
    done
}

if command -v dpkg-query >/dev/null 2>&1; then
    mapfile -t MISSING < <(missing_packages)
    if ((${#MISSING[@]})); then
        if [[ $(id -u) == 0 ]]; then
            SUDO=()
        elif command -v sudo >/dev/null 2>&1; then
            SUDO=(sudo)
        else
            die "these Debian packages are missing and this user is not root and has no sudo:" \
                "${MISSING[*]}. Ask an administrator to run:" \
                "apt-get update && apt-get install --no-install-recommends ${MISSING[*]}"
        fi
        say "installing Debian packages: ${MISSING[*]}"
        export DEBIAN_FRONTEND=noninteractive
        "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
        "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
            "${MISSING[@]}"
    fi
else
    say "warning: not a Debian system (no dpkg-query); make sure these are installed:" \
        "${DEBIAN_PACKAGES[*]}"
fi

# --- Virtual environment ---------------------------------------------------------------------
if ! venv_works; then
    if [[ -e $VENV ]]; then
        say "$VENV is not a working Python 3.11 environment: recreating it"
        rm -rf "$VENV"
    fi
    say "creating $VENV with $PY"
    "$PY" -m venv "$VENV"
fi

# --- pip requirements ------------------------------------------------------------------------
# The stamp covers the interpreter version and every requirements file read, so editing a pin
# (or requirements.txt, which requirements-dev.txt includes) triggers exactly one reinstall.
requirements_hash() {
    {
        cat "$VENV/pyvenv.cfg"
        local file
        for file in "$@"; do
            printf '== %s\n' "$file"
            cat "$ROOT/$file"
        done
    } | sha256sum | cut -d' ' -f1
}

run_hash="$(requirements_hash requirements.txt)"
dev_hash="$(requirements_hash requirements.txt requirements-dev.txt packaging/requirements-build.txt)"
run_stamp="$VENV/.onestop-requirements.sha256"
dev_stamp="$VENV/.onestop-requirements-dev.sha256"
stamp_is() { [[ -f $1 && $(<"$1") == "$2" ]]; }

if [[ $dev == 1 ]]; then
    wanted=requirements-dev.txt stamp=$dev_stamp hash=$dev_hash
    up_to_date() { stamp_is "$dev_stamp" "$dev_hash"; }
else
    wanted=requirements.txt stamp=$run_stamp hash=$run_hash
    # The dev set includes the runtime set, so a current dev install satisfies a run.
    up_to_date() { stamp_is "$run_stamp" "$run_hash" || stamp_is "$dev_stamp" "$dev_hash"; }
fi

if up_to_date; then
    say "up to date ($wanted already installed in .venv)"
else
    say "installing Python packages from $wanted into .venv"
    pip_args=(--disable-pip-version-check --no-input)
    [[ -t 1 ]] || pip_args+=(--progress-bar off)
    "$VENV/bin/python" -m pip install "${pip_args[@]}" -r "$ROOT/$wanted"
    printf '%s\n' "$hash" >"$stamp"
    if [[ $dev == 1 ]]; then
        printf '%s\n' "$run_hash" >"$run_stamp"
    fi
fi

# --- Translations ----------------------------------------------------------------------------
# Qt's QTranslator reads compiled .qm files: compile resources/translations/*.ts (the program's
# onestop_vi.ts and Qt's own qtbase_vi.ts) with the wheel's pyside6-lrelease, each only when its
# .qm is missing or older than the .ts. The rule lives in one place, onestop_desktop/ui/i18n.py,
# which the tests and the PyInstaller spec call too; the .qm files are not committed.
(cd "$ROOT" && "$VENV/bin/python" -c '
from onestop_desktop.ui.i18n import compile_translations
for qm in compile_translations():
    print(f"setup: compiled {qm.name}")
') >&2 || die "could not compile the translations (see the message above)"
say "translations compiled (resources/translations/*.qm)"
