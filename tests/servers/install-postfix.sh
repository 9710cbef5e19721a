#!/bin/sh
# Install what the end-to-end milter tests need (Debian 12, as root):
#   postfix          the real MTA the tests configure privately on 127.0.0.1
#   libmilter-dev    + gcc: to build pymilter (the milter extra) from PyPI
# Postfix is preseeded to "Local only" so the install asks nothing; the tests never
# use the system instance (they run their own under a temporary directory).
set -eu
export DEBIAN_FRONTEND=noninteractive
if ! command -v postfix >/dev/null 2>&1 || ! [ -e /usr/include/libmilter/mfapi.h ] \
   || ! command -v gcc >/dev/null 2>&1; then
    echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
    echo "postfix postfix/mailname string localhost" | debconf-set-selections
    apt-get update -q
    apt-get install -y -q --no-install-recommends postfix libmilter-dev gcc libc6-dev
fi
# The system instance is not needed; make sure it does not hold port 25 busy for nothing.
postfix status >/dev/null 2>&1 && postfix stop >/dev/null 2>&1 || true
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c "import Milter" 2>/dev/null || "$PYTHON" -m pip install -q "pymilter>=1.0.5"
"$PYTHON" -c "import Milter; print('pymilter', Milter.__version__, 'ready; postfix', end=' ')"
postconf -h mail_version
