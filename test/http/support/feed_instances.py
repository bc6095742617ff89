"""Checks that every RECURRENCE-ID and EXDATE of an iCalendar feed is an instance of its series'
RRULE (RFC 5545 §3.8.4.4, §3.8.5.1), with Debian's python3-icalendar and python3-dateutil: the
libraries many calendar tools are built on.

usage: /usr/bin/python3 feed_instances.py < feed.ics
Output: JSON {"checked": n, "problems": ["<uid> <property> <value>: not an instance", ...]}.
"""
import json
import sys
from datetime import date, datetime, timezone

from dateutil.rrule import rrulestr
from icalendar import Calendar

UTC = timezone.utc


def as_key(value):
    """A date stays a date; a date-time becomes its UTC instant."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat() if value.tzinfo else value.isoformat()
    return value.isoformat()


cal = Calendar.from_ical(sys.stdin.read())
masters = {}
others = []
for comp in cal.walk('VEVENT'):
    uid = str(comp.get('UID'))
    if comp.get('RECURRENCE-ID') is not None:
        others.append((uid, 'RECURRENCE-ID', comp.get('RECURRENCE-ID').dt))
    elif comp.get('RRULE') is not None:
        masters[uid] = comp
        exdates = comp.get('EXDATE')
        for prop in exdates if isinstance(exdates, list) else [exdates] if exdates is not None else []:
            for d in prop.dts:
                others.append((uid, 'EXDATE', d.dt))

instances = {}
for uid, master in masters.items():
    start = master.get('DTSTART').dt
    rule = master.get('RRULE').to_ical().decode()
    # dateutil reads UNTIL in UTC against an aware start; a date start is compared as dates.
    if isinstance(start, datetime):
        keys = {as_key(d) for d in rrulestr(rule, dtstart=start)[:2000]} if 'COUNT' in rule or 'UNTIL' in rule else None
        if keys is None:
            keys = set()
            for i, d in enumerate(rrulestr(rule, dtstart=start)):
                if i > 2000:
                    break
                keys.add(as_key(d))
    else:
        keys = set()
        for i, d in enumerate(rrulestr(rule, dtstart=datetime(start.year, start.month, start.day))):
            if i > 2000:
                break
            keys.add(d.date().isoformat())
    instances[uid] = keys

problems = []
for uid, prop, value in others:
    if uid not in instances:
        problems.append(f'{uid} {prop} {value}: no series with this UID')
    elif as_key(value) not in instances[uid]:
        problems.append(f'{uid} {prop} {as_key(value)}: not an instance of its RRULE')
json.dump({'checked': len(others), 'problems': problems}, sys.stdout)
