#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: Chromium (browser tests) and the
# offline iCalendar validators (libical via GObject introspection, python3-icalendar, vobject) and
# python3-dateutil, one of the recurrence engines test/domain/recurrence-cross-check.test.ts compares with,
# PostgreSQL's server (the node-on-postgres test project),
# the feed parser (python3-feedparser).
# Does nothing when they are already present, so `npm test` stays one command on a fresh machine.
set -euo pipefail

need=()
# Debian's python3 (not a pyenv or venv one first on PATH) is the one that sees Debian's modules.
[ -x /usr/bin/python3 ] || need+=(python3)
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import icalendar' 2>/dev/null || need+=(python3-icalendar)
/usr/bin/python3 -c 'import vobject' 2>/dev/null || need+=(python3-vobject)
/usr/bin/python3 -c 'import dateutil.rrule' 2>/dev/null || need+=(python3-dateutil)
# Universal Feed Parser: the RSS and Atom feeds are read with it (test/syndication).
/usr/bin/python3 -c 'import feedparser' 2>/dev/null || need+=(python3-feedparser)
/usr/bin/python3 -c 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib' 2>/dev/null || need+=(gir1.2-ical-3.0 python3-gi)
# PostgreSQL 15's server binaries: the node-on-postgres project starts a throwaway cluster with them
# (test/support/postgres-cluster.ts). Debian 12's postgresql-15; elsewhere Debian's default version.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if apt-cache show postgresql-15 >/dev/null 2>&1; then need+=(postgresql-15); else need+=(postgresql); fi
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "test setup: installing ${need[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "test setup: need root (or sudo) to apt-get install ${need[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
