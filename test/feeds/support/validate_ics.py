"""Validates an iCalendar file with the Python-side parsers Debian ships, for test/feeds.

usage: /usr/bin/python3 validate_ics.py FILE FROM TO   (FROM/TO: UTC, 20220101T000000Z)

Prints JSON: for libical (the strictest: check_restrictions, then every X-LIC-ERROR),
python3-icalendar and python3-vobject, the errors each reports and, for libical and vobject,
every occurrence (uid, recurrence-id or null, start and end in UTC) starting in [FROM, TO).
Run with Debian's /usr/bin/python3: a pyenv or venv python does not see these modules.
"""
import json
import sys
from datetime import datetime, timezone, date, timedelta

path, win_from, win_to = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, 'rb').read().decode('utf-8')
W_FROM = datetime.strptime(win_from, '%Y%m%dT%H%M%SZ').replace(tzinfo=timezone.utc)
W_TO = datetime.strptime(win_to, '%Y%m%dT%H%M%SZ').replace(tzinfo=timezone.utc)
result = {}


def iso(dt):
    return dt.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def key(value):
    """A start as the tests compare it: a UTC instant, or a date for all-day values."""
    if isinstance(value, datetime):
        return iso(value)
    return value.isoformat()


# ---- libical --------------------------------------------------------------------------------
def run_libical():
    import gi
    gi.require_version('ICalGLib', '3.0')
    from gi.repository import ICalGLib as I

    errors = []
    cal = I.Component.new_from_string(text)
    if cal is None:
        return {'errors': ['libical could not parse the calendar at all'], 'occurrences': []}
    cal.check_restrictions()

    def collect(comp, where):
        p = comp.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
        while p is not None:
            errors.append('%s: %s' % (where, p.get_xlicerror()))
            p = comp.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
        child = comp.get_first_component(I.ComponentKind.ANY_COMPONENT)
        while child is not None:
            collect(child, I.Component.kind_to_string(child.isa()))
            child = comp.get_next_component(I.ComponentKind.ANY_COMPONENT)

    collect(cal, 'VCALENDAR')
    utc = I.Timezone.get_utc_timezone()

    def to_key(t):
        if t.is_date():
            return '%04d-%02d-%02d' % (t.get_year(), t.get_month(), t.get_day())
        u = t.convert_to_zone(utc) if hasattr(t, 'convert_to_zone') else None
        if u is None:
            u = t.clone()
            u.convert_to_zone_inplace(utc)
        return '%04d-%02d-%02dT%02d:%02d:%02dZ' % (u.get_year(), u.get_month(), u.get_day(), u.get_hour(), u.get_minute(), u.get_second())

    def zoned(prop, t):
        # A TZID parameter only means something with the calendar's VTIMEZONE attached.
        tzid = prop.get_first_parameter(I.ParameterKind.TZID_PARAMETER)
        if tzid is not None and not t.is_date():
            zone = cal.get_timezone(tzid.get_tzid())
            if zone is None:
                errors.append('no VTIMEZONE for TZID %s' % tzid.get_tzid())
            else:
                t.set_timezone(zone)
        return t

    def beyond(t):
        return to_key(t)[:10] > (W_TO + timedelta(days=2)).strftime('%Y-%m-%d')

    occurrences = []
    overrides = {}
    masters = []
    ev = cal.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    while ev is not None:
        uid = ev.get_uid()
        if ev.get_first_property(I.PropertyKind.RECURRENCEID_PROPERTY) is not None:
            rp = ev.get_first_property(I.PropertyKind.RECURRENCEID_PROPERTY)
            rid = to_key(zoned(rp, rp.get_recurrenceid()))
            overrides.setdefault(uid, set()).add(rid)
            occurrences.append({'uid': uid, 'recurrenceId': rid, 'start': to_key(ev.get_dtstart()), 'end': to_key(ev.get_dtend()), 'status': ev.get_status().value_nick if hasattr(ev.get_status(), 'value_nick') else str(ev.get_status())})
        else:
            masters.append(ev)
        ev = cal.get_next_component(I.ComponentKind.VEVENT_COMPONENT)

    for ev in masters:
        uid = ev.get_uid()
        start = ev.get_dtstart()
        end = ev.get_dtend()
        status = ev.get_status().value_nick if hasattr(ev.get_status(), 'value_nick') else str(ev.get_status())
        rrule = ev.get_first_property(I.PropertyKind.RRULE_PROPERTY)
        if rrule is None:
            occurrences.append({'uid': uid, 'recurrenceId': None, 'start': to_key(start), 'end': to_key(end), 'status': status})
            continue
        exdates = set()
        p = ev.get_first_property(I.PropertyKind.EXDATE_PROPERTY)
        while p is not None:
            exdates.add(to_key(zoned(p, p.get_exdate())))
            p = ev.get_next_property(I.PropertyKind.EXDATE_PROPERTY)
        duration = I.Time.as_timet(end) - I.Time.as_timet(start) if not start.is_date() else None
        it = I.RecurIterator.new(rrule.get_rrule(), start)
        count = 0
        while True:
            t = it.next()
            if t is None or t.is_null_time() or beyond(t):
                break
            count += 1
            if count > 5000:
                errors.append('%s: expansion did not stop' % uid)
                break
            k = to_key(t)
            if k in exdates or k in overrides.get(uid, ()):
                continue
            if start.is_date():
                e = t.clone()
                length = (I.Time.as_timet(end) - I.Time.as_timet(start)) // 86400
                e.adjust(length, 0, 0, 0)
                occurrences.append({'uid': uid, 'recurrenceId': k, 'start': k, 'end': to_key(e), 'status': status})
            else:
                e = t.clone()
                e.adjust(0, 0, 0, duration)
                occurrences.append({'uid': uid, 'recurrenceId': k, 'start': k, 'end': to_key(e), 'status': status})
    return {'errors': errors, 'occurrences': occurrences}


# ---- python3-icalendar ----------------------------------------------------------------------
def run_icalendar():
    import icalendar
    errors = []
    cal = icalendar.Calendar.from_ical(text)
    count = 0
    for comp in cal.walk():
        for err in getattr(comp, 'errors', []) or []:
            errors.append('%s: %s' % (comp.name, err))
        if comp.name == 'VEVENT':
            count += 1
            for prop in ('DTSTAMP', 'DTSTART', 'UID', 'SUMMARY'):
                if prop not in comp:
                    errors.append('VEVENT without %s' % prop)
            stamp = comp.decoded('DTSTAMP')
            if stamp.tzinfo is None or stamp.utcoffset() != timedelta(0):
                errors.append('DTSTAMP is not UTC: %s' % stamp)
            start = comp.decoded('DTSTART')
            if isinstance(start, datetime) and start.tzinfo is None:
                errors.append('DTSTART is floating: %s' % start)
    return {'errors': errors, 'events': count, 'name': str(cal.get('X-WR-CALNAME', ''))}


# ---- python3-vobject ------------------------------------------------------------------------
def run_vobject():
    import vobject
    errors = []
    cal = vobject.readOne(text, validate=True)
    occurrences = []
    overrides = {}
    for ev in cal.vevent_list:
        if hasattr(ev, 'recurrence_id'):
            uid = ev.uid.value
            rid = key(ev.recurrence_id.value)
            overrides.setdefault(uid, set()).add(rid)
            end = ev.dtend.value if hasattr(ev, 'dtend') else ev.dtstart.value
            occurrences.append({'uid': uid, 'recurrenceId': rid, 'start': key(ev.dtstart.value), 'end': key(end)})
    for ev in cal.vevent_list:
        if hasattr(ev, 'recurrence_id'):
            continue
        uid = ev.uid.value
        start = ev.dtstart.value
        end = ev.dtend.value if hasattr(ev, 'dtend') else start
        if not hasattr(ev, 'rrule'):
            occurrences.append({'uid': uid, 'recurrenceId': None, 'start': key(start), 'end': key(end)})
            continue
        length = end - start
        rset = ev.getrruleset(addRDate=True)
        n = 0
        limit = W_TO + timedelta(days=2)
        for occ in rset:
            if (occ if occ.tzinfo else occ.replace(tzinfo=timezone.utc)) > limit:
                break
            n += 1
            if n > 5000:
                errors.append('%s: expansion did not stop' % uid)
                break
            k = key(occ if isinstance(start, datetime) else occ.date())
            if k in overrides.get(uid, ()):
                continue
            value = occ if isinstance(start, datetime) else occ.date()
            occurrences.append({'uid': uid, 'recurrenceId': k, 'start': k, 'end': key(value + length)})
    return {'errors': errors, 'occurrences': occurrences}


for name, fn in (('libical', run_libical), ('icalendar', run_icalendar), ('vobject', run_vobject)):
    try:
        result[name] = fn()
    except Exception as exc:  # a parser refusing the file is a finding, not a crash
        result[name] = {'errors': ['%s: %s' % (type(exc).__name__, exc)], 'occurrences': []}

def in_window(o):
    s = o['start']
    if len(s) == 10:
        d = datetime.strptime(s, '%Y-%m-%d').replace(tzinfo=timezone.utc)
    else:
        d = datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=timezone.utc)
    return W_FROM - timedelta(days=1) <= d < W_TO + timedelta(days=1)

for name in ('libical', 'vobject'):
    if 'occurrences' in result[name]:
        result[name]['occurrences'] = sorted([o for o in result[name]['occurrences'] if in_window(o)], key=lambda o: (o['start'], o['uid']))
json.dump(result, sys.stdout, indent=1)
