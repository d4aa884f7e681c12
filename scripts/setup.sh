#!/usr/bin/env bash
# Installs what SurvQL needs on a fresh Debian 12 machine that has only the Swift toolchain:
# libedit (the REPL), R with survival and MatchIt (the differential tests' oracle), tmux (REPL
# tests), rsvg-convert and DejaVu fonts (PNG/PDF figures) and the Python test clients.
# Idempotent: skips what is already there.
set -euo pipefail

need_apt=()
dpkg -s libedit-dev >/dev/null 2>&1 || need_apt+=(libedit-dev)
if [[ "${SURVQL_SKIP_R:-0}" != "1" ]]; then
  command -v Rscript >/dev/null 2>&1 || need_apt+=(r-base-core)
  dpkg -s r-cran-survival >/dev/null 2>&1 || need_apt+=(r-cran-survival)
  dpkg -s r-cran-matchit >/dev/null 2>&1 || need_apt+=(r-cran-matchit)
fi
command -v tmux >/dev/null 2>&1 || need_apt+=(tmux)
command -v nvim >/dev/null 2>&1 || need_apt+=(neovim)   # the language server's editor test
# rsvg-convert: plot writes PNG and PDF through it (its fonts-dejavu-core is the figures' font).
command -v rsvg-convert >/dev/null 2>&1 || need_apt+=(librsvg2-bin)
fc-list 2>/dev/null | grep -q "DejaVu Sans" || need_apt+=(fonts-dejavu-core)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)

if (( ${#need_apt[@]} )); then
  echo "setup: installing ${need_apt[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

py_missing=0
python3 -c "import pytest, pexpect, pytest_lsp" >/dev/null 2>&1 || py_missing=1
if (( py_missing )); then
  echo "setup: installing Python test clients" >&2
  python3 -m pip install -q --disable-pip-version-check pytest pexpect "pytest-lsp==1.0.1" >/dev/null
fi
