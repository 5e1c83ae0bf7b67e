#!/usr/bin/env bash
# Set up (see scripts/setup.sh) and start OneStop Desktop.
#
#   bash scripts/start.sh [--db PATH] [other options of main.py]
#
# With neither --db nor ONESTOP_DB, it opens a demo database in the user's data folder,
# creating it (with 2,000 demo dossiers) the first time. With no display it runs the window
# on a virtual screen (xvfb-run), so it also works in a headless shell.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"

say() { printf 'start: %s\n' "$*" >&2; }

bash "$ROOT/scripts/setup.sh"

db_given=0
for arg in "$@"; do
    case "$arg" in
        --db | --db=*) db_given=1 ;;
    esac
done

db_args=()
if [[ $db_given == 0 && -z ${ONESTOP_DB:-} ]]; then
    DB="${XDG_DATA_HOME:-$HOME/.local/share}/onestop-desktop/demo.sqlite3"
    if [[ ! -e $DB ]]; then
        say "creating the demo database $DB (first run only)"
        mkdir -p "$(dirname "$DB")"
        # Build under a temporary name so an interrupted run leaves no half-filled demo behind.
        partial="$DB.partial"
        rm -rf "$partial" "$partial"-* "$partial".*
        # (&& because set -e does not apply inside a command whose status is tested.) Their
        # own lines name the temporary file, so only their errors are shown.
        (
            cd "$ROOT" \
                && "$PY" -m onestop_desktop --db "$partial" init \
                    --agency-code 000.00.01.H56 --agency-name "UBND xã Tân Hưng" >/dev/null \
                && "$PY" -m onestop_desktop --db "$partial" demo --dossiers 2000 >/dev/null
        ) || {
            rm -rf "$partial" "$partial"-* "$partial".*
            say "error: could not create the demo database (see the messages above)"
            exit 1
        }
        # A WAL file belongs with its database, and the desk's signing key (and any export
        # archive) is named after it: move them too.
        for suffix in -wal -shm .signing-key.pem .exports; do
            if [[ -e $partial$suffix ]]; then mv -f "$partial$suffix" "$DB$suffix"; fi
        done
        mv -f "$partial" "$DB"
        say "the demo office is ready: $DB (2,000 dossiers of UBND xã Tân Hưng)"
    fi
    say "using the demo database $DB (pass --db PATH to open another)"
    db_args=(--db "$DB")
fi

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    say "no DISPLAY or WAYLAND_DISPLAY: running on a virtual screen (xvfb-run), no window will show"
    exec xvfb-run -a "$PY" "$ROOT/main.py" "${db_args[@]}" "$@"
fi
exec "$PY" "$ROOT/main.py" "${db_args[@]}" "$@"
