#!/bin/sh
# Install what the end-to-end `spamkit serve` tests need (Debian 12, as root):
#   spamc      SpamAssassin's real C client, the one MTAs and procmail recipes run
#   procmail   to run the README's `:0fw | spamc` recipe as written
# Only the client is needed: the tests start `spamkit serve` on loopback, never spamd.
set -eu
export DEBIAN_FRONTEND=noninteractive
if ! command -v spamc >/dev/null 2>&1 || ! command -v procmail >/dev/null 2>&1; then
    apt-get update -q
    apt-get install -y -q --no-install-recommends spamc procmail
fi
spamc -V | head -n 1
