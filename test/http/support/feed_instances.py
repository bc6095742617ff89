"""Checks that every RECURRENCE-ID and EXDATE of an iCalendar feed is an instance of its series'
RRULE (RFC 5545 §3.8.4.4, §3.8.5.1), with Debian's python3-icalendar and python3-dateutil, or
with libical (gir1.2-ical-3.0 through GObject introspection, as Evolution and many CalDAV
servers read calendars): the libraries many calendar tools are built on.

usage: /usr/bin/python3 feed_instances.py dateutil|libical < feeds.json (a JSON array of feed texts)
Output: a JSON array with, for each feed, {"checked": n, "problems": ["<uid> <property> <value>: not an instance", ...]}.
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


def libical(text):
    """The same check with libical's own parser and RecurIterator (instances in UTC, or dates)."""
    import gi

    gi.require_version('ICalGLib', '3.0')
    from gi.repository import ICalGLib as I

    cal = I.Component.new_from_string(text)
    if cal is None:
        return {'checked': 0, 'problems': ['libical could not parse the calendar']}
    utc = I.Timezone.get_utc_timezone()

    def zoned(prop, t):
        tzid = prop.get_first_parameter(I.ParameterKind.TZID_PARAMETER)
        if tzid is not None and not t.is_date():
            zone = cal.get_timezone(tzid.get_tzid())
            if zone is not None:
                t.set_timezone(zone)
        return t

    def key(t):
        if t.is_date():
            return '%04d-%02d-%02d' % (t.get_year(), t.get_month(), t.get_day())
        u = t.clone()
        u.convert_to_zone_inplace(utc)
        return '%04d-%02d-%02dT%02d:%02d:%02d' % (u.get_year(), u.get_month(), u.get_day(), u.get_hour(), u.get_minute(), u.get_second())

    claims = []
    instances = {}
    ev = cal.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    while ev is not None:
        uid = ev.get_uid()
        rp = ev.get_first_property(I.PropertyKind.RECURRENCEID_PROPERTY)
        if rp is not None:
            claims.append((uid, 'RECURRENCE-ID', key(zoned(rp, rp.get_recurrenceid()))))
        else:
            rrule = ev.get_first_property(I.PropertyKind.RRULE_PROPERTY)
            if rrule is not None:
                sp = ev.get_first_property(I.PropertyKind.DTSTART_PROPERTY)
                it = I.RecurIterator.new(rrule.get_rrule(), zoned(sp, sp.get_dtstart()))
                seen = set()
                for _ in range(2000):
                    t = it.next()
                    if t is None or t.is_null_time():
                        break
                    seen.add(key(t))
                instances[uid] = seen
                p = ev.get_first_property(I.PropertyKind.EXDATE_PROPERTY)
                while p is not None:
                    claims.append((uid, 'EXDATE', key(zoned(p, p.get_exdate()))))
                    p = ev.get_next_property(I.PropertyKind.EXDATE_PROPERTY)
        ev = cal.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
    problems = []
    for uid, prop, value in claims:
        if uid not in instances:
            problems.append(f'{uid} {prop} {value}: no series with this UID')
        elif value not in instances[uid]:
            problems.append(f'{uid} {prop} {value}: not an instance of its RRULE')
    return {'checked': len(claims), 'problems': problems}


def dateutil(text):
    """python3-icalendar reads the feed, python-dateutil expands each RRULE."""
    cal = Calendar.from_ical(text)
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
    return {'checked': len(others), 'problems': problems}


check = libical if sys.argv[1] == 'libical' else dateutil
json.dump([check(feed) for feed in json.load(sys.stdin)], sys.stdout)
