"""Expands RRULEs with libical (GObject introspection) and python-dateutil, for the cross-check
table in test/domain/recurrence-cross-check.test.ts.

usage: /usr/bin/python3 expand_rrules.py < cases.json > results.json

Input: {"vtimezone": "BEGIN:VTIMEZONE…", "zone": "Europe/London", "cases": [{"id", "start", "rrule",
"windows": [[from, to], …]}]} where start is a local date-time ("1997-09-02T09:00") or a date
("1997-09-02", an all-day series) and each window is a pair of local dates, from inclusive and to
exclusive. Output: {id: {"libical": [[…], …], "dateutil": [[…], …], "dateutilLast": …}}, one list
per window, of the instances whose local start date is in the window: UTC instants
("1997-09-02T08:00:00Z") for timed series, dates for all-day ones; or {"error": "..."} for an
implementation that failed. dateutilLast is the start of the last instance of a rule with COUNT
or UNTIL (null for one without).
Run with Debian's /usr/bin/python3: a pyenv or venv python does not see Debian's modules.
"""
import json
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

# Enough for a daily rule from 1997 to a window thirty years on; a walk past it is reported.
MAX_STEPS = 40000

request = json.load(sys.stdin)
ZONE = ZoneInfo(request['zone'])


def parse_start(text):
    if 'T' in text:
        return datetime.strptime(text, '%Y-%m-%dT%H:%M'), False
    return datetime.strptime(text, '%Y-%m-%d'), True


def windows_of(case):
    return [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in case['windows']]


def bucket(case, items):
    """items: (local date, key) in order; one list of keys per window."""
    out = [[] for _ in case['windows']]
    for local_date, key in items:
        for i, (a, b) in enumerate(windows_of(case)):
            if a <= local_date < b:
                out[i].append(key)
    return out


def last_window_end(case):
    return max(b for _, b in windows_of(case))


# ---- libical --------------------------------------------------------------------------------
def libical_all():
    import gi
    gi.require_version('ICalGLib', '3.0')
    from gi.repository import ICalGLib as I

    cal = I.Component.new_from_string('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//safercal//cross-check//EN\r\n'
                                      + request['vtimezone'] + 'END:VCALENDAR\r\n')
    tz = cal.get_timezone(request['zone'])
    utc = I.Timezone.get_utc_timezone()

    def one(case):
        start, all_day = parse_start(case['start'])
        t = I.Time.new_from_string(start.strftime('%Y%m%d') if all_day else start.strftime('%Y%m%dT%H%M%S'))
        if not all_day:
            t.set_timezone(tz)
        it = I.RecurIterator.new(I.Recurrence.new_from_string(case['rrule']), t)
        end = last_window_end(case)
        items = []
        for _ in range(MAX_STEPS):
            n = it.next()
            if n is None or n.is_null_time():
                break
            local_date = date(n.get_year(), n.get_month(), n.get_day())
            if local_date >= end:
                break
            if all_day:
                items.append((local_date, local_date.isoformat()))
            else:
                u = n.clone()
                u.convert_to_zone_inplace(utc)
                items.append((local_date, '%04d-%02d-%02dT%02d:%02d:%02dZ' % (
                    u.get_year(), u.get_month(), u.get_day(), u.get_hour(), u.get_minute(), u.get_second())))
        else:
            return {'error': 'walked %d steps without reaching the window end' % MAX_STEPS}
        return bucket(case, items)

    return one


# ---- python-dateutil ------------------------------------------------------------------------
def dateutil_all():
    from dateutil.rrule import rrulestr

    def one(case):
        start, all_day = parse_start(case['start'])
        # Timed: aware in the zone, so UNTIL in UTC compares as the RFC says; zoneinfo reads a
        # nonexistent or repeated wall time with fold=0 (RFC 5545 §3.3.5's choice, see PEP 495).
        dtstart = start if all_day else start.replace(tzinfo=ZONE)
        rule = rrulestr(case['rrule'], dtstart=dtstart)
        end = last_window_end(case)
        items = []
        for i, occ in enumerate(rule):
            if i >= MAX_STEPS:
                return {'error': 'walked %d steps without reaching the window end' % MAX_STEPS}
            local_date = occ.date()
            if local_date >= end:
                break
            if all_day:
                items.append((local_date, local_date.isoformat()))
            else:
                items.append((local_date, occ.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')))
        return bucket(case, items)

    def last(case):
        if 'COUNT=' not in case['rrule'] and 'UNTIL=' not in case['rrule']:
            return None
        start, all_day = parse_start(case['start'])
        rule = rrulestr(case['rrule'], dtstart=start if all_day else start.replace(tzinfo=ZONE))
        final = None
        for i, occ in enumerate(rule):
            if i >= MAX_STEPS:
                return {'error': 'walked %d steps without reaching the end' % MAX_STEPS}
            final = occ
        if final is None:
            return None
        return final.date().isoformat() if all_day else final.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')

    one.last = last
    return one


results = {case['id']: {} for case in request['cases']}
for name, make in (('libical', libical_all), ('dateutil', dateutil_all)):
    try:
        expand = make()
    except Exception as exc:  # a missing module fails every case loudly, not silently
        for case in request['cases']:
            results[case['id']][name] = {'error': '%s: %s' % (type(exc).__name__, exc)}
        continue
    for case in request['cases']:
        try:
            results[case['id']][name] = expand(case)
            if hasattr(expand, 'last'):
                results[case['id']][name + 'Last'] = expand.last(case)
        except Exception as exc:
            results[case['id']][name] = {'error': '%s: %s' % (type(exc).__name__, exc)}
json.dump(results, sys.stdout)
