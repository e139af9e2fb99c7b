#!/usr/bin/env bash
# Prepare this checkout to run NAT Station (or, with --test, its test suite).
#
#   bash scripts/setup.sh          # system libraries for the Qt GUI + .venv with the app
#   bash scripts/setup.sh --test   # ... plus Xvfb, xdotool, poppler-utils, PostgreSQL
#                                  #     and the [test] extras in .venv
#
# Idempotent: Debian packages already installed are not touched (apt is not even
# called when nothing is missing), and pip is skipped while pyproject.toml is
# unchanged since the last successful install into .venv.
#
# Environment:
#   PYTHON=python3.12          interpreter used to create .venv (default: python3, >= 3.11)
#   NAT_STATION_SKIP_APT=1     never call apt-get (you manage system packages yourself)
#   NAT_STATION_FORCE_PIP=1    reinstall into .venv even if pyproject.toml is unchanged
set -euo pipefail

usage() {
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

MODE="app"
for arg in "$@"; do
    case "$arg" in
        --test) MODE="test" ;;
        -h | --help) usage; exit 0 ;;
        *) echo "setup.sh: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
    esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[setup] %s\n' "$*"; }
warn() { printf '[setup] WARNING: %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# --------------------------------------------------------------------------
# Debian packages
# --------------------------------------------------------------------------
# Shared libraries PySide6 6.12's wheels load from the system, found with
# `ldd` on plugins/platforms/libqxcb.so, plugins/xcbglintegrations/*.so,
# libQt6{Gui,Widgets,Multimedia,TextToSpeech,PrintSupport}.so.6,
# plugins/{multimedia,texttospeech,printsupport}/*.so and mapped to packages
# with `dpkg -S`. (libxcb-xinerama0 is no longer used by Qt 6.)
QT_PKGS=(
    # QtCore/QtGui/QtWidgets (also needed by the offscreen platform)
    libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 fontconfig
    libegl1 libgl1 libx11-6 libxkbcommon0
    # xcb platform plugin + its EGL/GLX integrations
    libx11-xcb1 libxcb1 libxkbcommon-x11-0
    libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
    # QtMultimedia (sounds) + its ffmpeg plugin, QtTextToSpeech speechd plugin
    libpulse0 libdrm2 libxext6 libxrandr2 libxrender1 libspeechd2
    # QtPrintSupport's CUPS plugin
    libcups2
    # CJK glyphs for names/addresses on screen and on labels
    fonts-wqy-microhei
)
# Names with characters outside the BMP (生僻字 such as 𠇔, in the training drills): HanaMinB
# has CJK Extension B, which neither WenQuanYi nor Noto CJK covers; Qt falls back to it.
QT_PKGS+=(fonts-hanazono)
# Noto Sans CJK SC Bold: the band's Chinese in a heavy face that reads through fog (issue 11 §12)
QT_PKGS+=(fonts-noto-cjk)
# Real speech output for QTextToSpeech at the sampling table (offline, espeak-ng's
# Mandarin voice); the tests speak through it too.
SPEECH_PKGS=(speech-dispatcher speech-dispatcher-espeak-ng espeak-ng)
# Test-only tools: a virtual X server (+ xauth, which xvfb-run needs and which is
# only a Recommends), window automation, PDF -> PNG, and a PostgreSQL server
# for the throwaway cluster tests/pg_cluster.py starts.
TEST_PKGS=(xvfb xauth xdotool poppler-utils postgresql)
TEST_PKGS+=(chromium chromium-driver)
TEST_PKGS+=(tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng)  # tests/ui/test_legible.py

if [[ "$MODE" == test ]]; then
    PKGS=("${QT_PKGS[@]}" "${SPEECH_PKGS[@]}" "${TEST_PKGS[@]}")
else
    PKGS=("${QT_PKGS[@]}" "${SPEECH_PKGS[@]}")
fi

pkg_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

install_debian_packages() {
    if [[ "${NAT_STATION_SKIP_APT:-}" == 1 ]]; then
        log "NAT_STATION_SKIP_APT=1: not checking Debian packages"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
        warn "apt-get/dpkg not found (not a Debian-like system): skipping system packages."
        warn "Install the equivalents of these Debian packages yourself: ${PKGS[*]}"
        return 0
    fi

    local missing=() p
    for p in "${PKGS[@]}"; do
        pkg_installed "$p" || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        log "Debian packages: all ${#PKGS[@]} present"
        return 0
    fi

    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        if ! command -v sudo >/dev/null 2>&1; then
            warn "not root and no sudo: cannot install missing Debian packages: ${missing[*]}"
            warn "ask an administrator to run: apt-get install -y --no-install-recommends ${missing[*]}"
            return 0
        fi
        if [[ -t 0 ]]; then sudo=(sudo); else sudo=(sudo -n); fi
    fi

    log "installing Debian packages: ${missing[*]}"
    local attempt
    for attempt in 1 2 3; do
        if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
            && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
                --no-install-recommends "${missing[@]}"; then
            return 0
        fi
        warn "apt-get failed (attempt $attempt of 3)"
        sleep $((attempt * 5))
    done
    die "could not install Debian packages: ${missing[*]}"
}

# --------------------------------------------------------------------------
# Python virtual environment
# --------------------------------------------------------------------------
VENV="$ROOT/.venv"
STAMP="$VENV/.nat-station-setup"

python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

ensure_venv() {
    if [[ -x "$VENV/bin/python" ]] && python_ok "$VENV/bin/python"; then
        return 0
    fi
    local py="${PYTHON:-python3}"
    command -v "$py" >/dev/null 2>&1 || die "$py not found; install Python >= 3.11 or set PYTHON=..."
    python_ok "$py" || die "$py is $("$py" -V 2>&1); NAT Station needs Python >= 3.11 (set PYTHON=...)"
    if [[ -e "$VENV" ]]; then
        log "removing unusable $VENV"
        rm -rf "$VENV"
    fi
    log "creating $VENV with $("$py" -V 2>&1)"
    "$py" -m venv "$VENV" \
        || die "'$py -m venv' failed (on Debian's own python3: apt-get install python3-venv)"
}

pip_install() {
    local spec="."
    if [[ "$MODE" == test ]]; then spec=".[test]"; fi
    local hash
    hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [[ "${NAT_STATION_FORCE_PIP:-}" != 1 && -f "$STAMP" ]]; then
        local old_hash old_mode
        read -r old_hash old_mode <"$STAMP" || true
        if [[ "$old_hash" == "$hash" && ("$old_mode" == test || "$MODE" == app) ]]; then
            log "Python packages: up to date in .venv (pyproject.toml unchanged)"
            return 0
        fi
    fi
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check install)
    if [[ ! -t 1 ]]; then pip+=(--progress-bar off); fi
    rm -f "$STAMP"
    log "upgrading pip"
    "${pip[@]}" --upgrade pip
    log "pip install -e '$spec'"
    "${pip[@]}" -e "$spec"
    printf '%s %s\n' "$hash" "$MODE" >"$STAMP"
}

install_debian_packages
ensure_venv
pip_install
log "done ($MODE mode): $VENV"
