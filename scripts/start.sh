#!/usr/bin/env bash
# Start NAT Station from this checkout: installs what is missing (scripts/setup.sh),
# then runs the `nat-station` console script with any arguments given here.
# By default the app keeps its SQLite database in the platform data directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The recorder window (no arguments, or `window ...`) needs a display: fail early and
# say so, rather than letting Qt abort with "could not connect to display".
# Headless subcommands (see: bash scripts/start.sh --help) need none.
# Setting QT_QPA_PLATFORM (e.g. offscreen) skips the check.
wants_window=0
if (($# == 0)) || [[ "$1" == window ]]; then wants_window=1; fi
if ((wants_window)) && [[ "$(uname -s)" == Linux && -z "${DISPLAY:-}" \
    && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    cat >&2 <<'MSG'
start.sh: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the recorder
window cannot open. Run it from a graphical session, or:
  - on a headless machine, under a virtual X server:  xvfb-run -a bash scripts/start.sh
  - headless subcommands need no display:  bash scripts/start.sh --help
MSG
    exit 2
fi

# Setup's progress goes to stderr so the app's own stdout stays clean.
bash scripts/setup.sh >&2
exec "$ROOT/.venv/bin/nat-station" "$@"
