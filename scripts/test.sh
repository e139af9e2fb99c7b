#!/usr/bin/env bash
# Run the whole check: installs what is missing (scripts/setup.sh --test), then
#   1. lint-imports   (layer contracts in pyproject.toml)
#   2. ruff check .
#   3. ruff format --check .
#   4. mypy --strict station (the domain typed whole; settings in pyproject.toml [tool.mypy])
#   5. pytest under a virtual X server (xvfb-run), with any arguments given here,
#      e.g.  bash scripts/test.sh tests/unit -k labels
# Every step runs even if an earlier one failed; the script exits with the exit
# code of the first failing step (0 if all passed). pytest's "no tests collected"
# (exit 5) counts as a failure.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

bash scripts/setup.sh --test || exit $?

VENV_BIN="$ROOT/.venv/bin"
first_rc=0
summary=()

step() {
    local name="$1"; shift
    local t0=$SECONDS rc=0
    printf '\n==> %s\n' "$name"
    "$@" || rc=$?
    if ((rc == 0)); then
        summary+=("ok      $name ($((SECONDS - t0))s)")
    else
        summary+=("FAILED  $name (exit $rc, $((SECONDS - t0))s)")
        ((first_rc != 0)) || first_rc=$rc
    fi
    return 0
}

# shellcheck disable=SC2317  # called indirectly, through step
run_pytest() {
    local rc=0
    # Tests default to QT_QPA_PLATFORM=offscreen (tests/conftest.py); the X server
    # is there for tests that drive a real window (xcb, xdotool, screenshots).
    if command -v xvfb-run >/dev/null 2>&1; then
        xvfb-run -a -s "-screen 0 1920x1080x24" "$VENV_BIN/python" -m pytest "$@" || rc=$?
    elif [[ -n "${DISPLAY:-}" ]]; then
        echo "test.sh: xvfb-run not found; using the existing display $DISPLAY" >&2
        "$VENV_BIN/python" -m pytest "$@" || rc=$?
    else
        echo "test.sh: xvfb-run not found and no DISPLAY; run: bash scripts/setup.sh --test" >&2
        return 1
    fi
    if ((rc == 5)); then
        echo "test.sh: pytest collected no tests; that is a failure, not a pass" >&2
    fi
    return "$rc"
}

step "lint-imports" "$VENV_BIN/lint-imports"
step "ruff check ." "$VENV_BIN/ruff" check .
step "ruff format --check ." "$VENV_BIN/ruff" format --check .
step "mypy --strict station" "$VENV_BIN/mypy" --strict station
step "pytest $*" run_pytest "$@"

printf '\n==> summary\n'
printf '  %s\n' "${summary[@]}"
exit "$first_rc"
