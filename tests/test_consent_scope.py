"""What a consent covers, decided from a session's facts: validity, withdrawal, apps, titles, days, hours."""

from datetime import UTC, date, datetime

import pytest

from viewer.consent.scope import (Grant, Stretch, Window, coverage, merge, parse_hours, parse_weekdays,
                                  window_reason)

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday; 09:00 in Europe/Berlin
WINDOWS = [Window(0, 60, "Firefox", "Jira - ACME board"), Window(60, 120, "Slack", "#general"),
           Window(120, 180, "firefox", "Bank of Somewhere - Login")]


def test_no_grant_and_withdrawn_are_not_covered():
    assert coverage(None, False, START, 180, "UTC", WINDOWS).reason.startswith("no consent")
    result = coverage(Grant("agent-training"), True, START, 180, "UTC", WINDOWS)
    assert not result.covered and result.reason == "consent withdrawn"


def test_a_grant_without_scope_covers_everything():
    result = coverage(Grant("agent-training"), False, START, 180, "UTC", WINDOWS)
    assert result.covered and result.out_of_scope == ()


def test_validity_is_read_in_the_sessions_time_zone():
    # 23:30 UTC on 1 March is already 2 March in Berlin: a grant from 2 March covers it there, not in UTC.
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    grant = Grant("p", valid_from=date(2026, 3, 2))
    assert coverage(grant, False, late, 60, "Europe/Berlin", []).covered
    assert coverage(grant, False, late, 60, "UTC", []).reason == "the session was recorded before the consent started"
    assert coverage(Grant("p", valid_until=date(2026, 3, 1)), False, START, 60, "UTC", []).reason \
        == "the session was recorded after the consent ended"


def test_apps_outside_the_patterns_are_cut_case_insensitively():
    result = coverage(Grant("p", apps=("firefox",)), False, START, 180, "UTC", WINDOWS)
    assert result.out_of_scope == (Stretch(60, 120, "app outside the consent"),)


def test_titles_narrow_all_apps_or_only_the_named_app():
    everywhere = Grant("p", titles=("*jira*",))
    assert [(s.t_start, s.t_end) for s in coverage(everywhere, False, START, 180, "UTC", WINDOWS).out_of_scope] \
        == [(60, 180)]
    browser_only = Grant("p", titles=("firefox=*jira*",))
    assert [(s.t_start, s.t_end, s.reason) for s in
            coverage(browser_only, False, START, 180, "UTC", WINDOWS).out_of_scope] \
        == [(120, 180, "window outside the consent")]


def test_unknown_app_is_outside_an_app_list():
    assert window_reason(Grant("p", apps=("slack",)), None, None) == "no app recorded"
    assert window_reason(Grant("p"), None, None) is None


def test_consent_ending_mid_session_cuts_the_rest():
    # Starts 23:00 UTC on the last valid day and runs two hours: the second hour is after the consent.
    start = datetime(2026, 3, 31, 23, 0, tzinfo=UTC)
    result = coverage(Grant("p", valid_until=date(2026, 3, 31)), False, start, 7200, "UTC", [])
    assert result.covered and result.out_of_scope == (Stretch(3600, 7200, "after the consent ended"),)


def test_hours_and_weekdays_in_local_time():
    grant = Grant("p", weekdays=parse_weekdays("mon-fri"), hours=parse_hours("09:00-09:30"))
    # 08:00 UTC = 09:00 Berlin: allowed for 30 minutes, then out of hours.
    result = coverage(grant, False, START, 3600, "Europe/Berlin", [])
    assert result.out_of_scope == (Stretch(1800, 3600, "hours outside the consent"),)
    saturday = datetime(2026, 3, 7, 8, 0, tzinfo=UTC)
    cut = coverage(grant, False, saturday, 600, "Europe/Berlin", []).out_of_scope
    assert cut == (Stretch(0, 600, "day outside the consent"),)


def test_parsers_refuse_what_they_do_not_know():
    assert parse_weekdays("sat-mon") == (0, 5, 6) and parse_weekdays(None) is None
    assert parse_hours("22:00-06:00") == ("22:00", "06:00")
    with pytest.raises(ValueError):
        parse_weekdays("funday")
    with pytest.raises(ValueError):
        parse_hours("9-5pm")


def test_merge_joins_overlaps_in_order():
    assert merge([Stretch(5, 8, "b"), Stretch(0, 5, "a"), Stretch(10, 12, "c")]) \
        == (Stretch(0, 8, "a"), Stretch(10, 12, "c"))
