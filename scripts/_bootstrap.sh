# Sourced by scripts/run and scripts/test: a virtualenv on Python 3.13 with the locked
# dependencies, installed again only when the lock file changes; translations compiled.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  for candidate in python3.13 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    pyenv install --skip-existing "$(cat .python-version)" >&2 && pyenv which python && return 0
  fi
  echo "Netwerk needs Python 3.13 (see .python-version)." >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  PYTHON="$(find_python)"
  echo "Creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
VENV_PY="$ROOT/.venv/bin/python"
LOCK_HASH="$(cat requirements.lock requirements-dev.lock | sha256sum | cut -c1-16)"
if [ ! -f ".venv/.installed-$LOCK_HASH" ]; then
  echo "Installing dependencies (requirements-dev.lock)"
  "$VENV_PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV_PY" -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
  rm -f .venv/.installed-*
  touch ".venv/.installed-$LOCK_HASH"
fi
"$VENV_PY" manage.py compile_translations >/dev/null
