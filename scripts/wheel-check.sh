#!/usr/bin/env bash
# `make wheel-check` (and CI): build the wheel, install it into a clean virtualenv outside the
# checkout, and run the deployment steps of the README against it: migrate, collectstatic,
# check --deploy, then gunicorn from the installed package, GET /login/ and its stylesheet.
# Everything happens in a temporary folder, which is removed at the end.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"                           # makes the clean virtualenv
BUILD_PYTHON="${BUILD_PYTHON:-$REPO/.venv/bin/python}"  # builds the wheel (has pip)
[ -x "$BUILD_PYTHON" ] || BUILD_PYTHON="$PYTHON"
WORK="$(mktemp -d /tmp/wheel-check.XXXXXX)"
GUNICORN_PID=""
cleanup() {
  if [ -n "$GUNICORN_PID" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { echo "wheel-check: $*"; }

step "building the wheel"
"$BUILD_PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$WORK/dist" "$REPO" >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log"; exit 1; }
WHEEL="$(ls "$WORK"/dist/*.whl)"
"$PYTHON" - "$WHEEL" <<'PY'
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
needed = ["clinic/site/templates/base.html", "clinic/site/static/css/app.css",
          "clinic/site/static/css/print.css", "exam/protocol/__init__.py"]
missing = [name for name in needed if name not in names]
if missing:
    sys.exit(f"wheel-check: missing from the wheel: {missing}")
PY

step "installing $(basename "$WHEEL") into a clean virtualenv in $WORK"
"$PYTHON" -m venv "$WORK/venv"
{ "$WORK/venv/bin/python" -m pip install --quiet --require-hashes -r "$REPO/requirements.lock" \
  && "$WORK/venv/bin/python" -m pip install --quiet --no-deps "$WHEEL"; } >"$WORK/install.log" 2>&1 \
  || { cat "$WORK/install.log"; exit 1; }
cp "$REPO/gunicorn.conf.py" "$WORK/"

# Production settings, as in the README's deployment section; nothing from the checkout.
cd "$WORK"
export DJANGO_SETTINGS_MODULE=clinic.settings
export DEBUG=false
export SECRET_KEY="wheel-check-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"
export AUDIT_HMAC_KEY="wheel-check-audit-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="sqlite:///$WORK/db.sqlite3"
export DATA_DIR="$WORK/var"
export STATIC_ROOT="$WORK/staticfiles"
export BEHIND_TLS_PROXY=true
unset PYTHONPATH DJANGO_ALLOW_ASYNC_UNSAFE
ADMIN="$WORK/venv/bin/django-admin"

where="$("$WORK/venv/bin/python" -c 'import clinic; print(clinic.__file__)')"
case "$where" in
  "$WORK"/venv/*) ;;
  *) echo "wheel-check: clinic was imported from $where, not from the installed wheel" >&2; exit 1 ;;
esac

step "migrate, collectstatic, check --deploy"
"$ADMIN" migrate --noinput -v 0
"$ADMIN" collectstatic --noinput -v 0
"$ADMIN" check --deploy --fail-level WARNING
"$ADMIN" shell -c "from reports.pdf import PRINT_CSS; assert PRINT_CSS.is_file(), PRINT_CSS"

PORT="$("$WORK/venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
step "gunicorn --config gunicorn.conf.py on 127.0.0.1:$PORT"
"$WORK/venv/bin/gunicorn" --config gunicorn.conf.py --workers 1 --bind "127.0.0.1:$PORT" \
  --error-logfile "$WORK/gunicorn.log" &
GUNICORN_PID=$!

"$WORK/venv/bin/python" - "$PORT" <<'PY'
import re
import sys
import time
import urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"


def get(path):
    # As the TLS proxy in front would send it (BEHIND_TLS_PROXY=true).
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


deadline = time.monotonic() + 60
while True:
    try:
        status, kind, body = get("/login/")
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("wheel-check: gunicorn did not answer within 60 s")
        time.sleep(0.3)
assert status == 200 and b"<form" in body, (status, body[:300])
css = re.search(rb'href="(/static/css/app\.[0-9a-f]+\.css)"', body)
assert css, "the login page does not link the hashed stylesheet"
status, kind, sheet = get(css.group(1).decode())
assert status == 200 and kind.startswith("text/css") and len(sheet) > 1000, (status, kind)
print(f"wheel-check: GET /login/ 200, {css.group(1).decode()} 200 ({len(sheet)} bytes)")
PY
step "passed"
