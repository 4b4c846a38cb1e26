"""Agreement between two reviewers: hand-computed cases and properties of the interval IoU."""

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viewer.team import agreement as ag


@dataclass
class Flag:
    t_start: float
    t_end: float
    category: str = "password"
    status: str = "accepted"
    reviewer: str = "ann"
    updated_by: str = "ann"
    source: str = "human"


@dataclass
class Label:
    t_start: float
    t_end: float
    outcome: str | None = "success"
    reviewer: str = "ann"


def test_union_merges_overlapping_and_touching_spans():
    assert ag.union([(5, 7), (0, 2), (1, 3), (3, 4), (9, 9)]) == [(0, 4), (5, 7), (9, 9)]
    assert ag.total(ag.union([(0, 2), (1, 3)])) == 3


def test_iou_hand_computed():
    assert ag.iou([(0, 10)], [(5, 15)]) == pytest.approx(5 / 15)
    assert ag.iou([(0, 2), (4, 6)], [(1, 5)]) == pytest.approx(2 / 6)  # union of each reviewer's time
    assert ag.iou([(0, 4), (2, 6)], [(0, 6)]) == 1.0  # overlapping flags of one reviewer count once
    assert ag.iou([(0, 1)], [(2, 3)]) == 0.0
    assert ag.iou([], []) == 1.0  # nobody flagged anything: they agree
    assert ag.iou([(0, 1)], []) == 0.0
    assert ag.iou([(3, 3)], [(3, 3)]) == 1.0 and ag.iou([(3, 3)], [(4, 4)]) == 0.0


def test_flag_iou_per_category():
    a = [Flag(0, 10, "password"), Flag(20, 30, "email")]
    b = [Flag(5, 10, "password"), Flag(40, 50, "phone")]
    assert ag.flag_iou(a, b) == pytest.approx(5 / 30)
    assert ag.flag_iou_by_category(a, b) == {"email": 0.0, "password": pytest.approx(0.5), "phone": 0.0}


def test_label_agreement_matches_spans_and_compares_outcomes():
    a = [Label(0, 10, "success"), Label(20, 30, "failure"), Label(50, 60)]
    b = [Label(1, 10, "success"), Label(20, 29, "success"), Label(70, 80)]
    # (0-10, 1-10) match, same outcome; (20-30, 20-29) match, outcomes differ; 50-60 and 70-80 unmatched
    assert ag.label_agreement(a, b) == pytest.approx(2 * 1 / 6)
    assert ag.label_agreement([], []) == 1.0
    assert ag.label_agreement([Label(0, 10)], [Label(0, 4)]) == 0.0  # IoU 0.4 < 0.5: not the same task


def test_match_is_one_to_one_best_first():
    a = [Label(0, 10), Label(0, 9)]
    b = [Label(0, 9)]
    assert ag.match(a, b) == [(1, 0, 1.0)]


def test_compare_lists_what_to_settle():
    first = ag.Side("ann", "approved", labels=[Label(0, 10, "success"), Label(20, 30, "failure")],
                    flags=[Flag(1, 2, "password"), Flag(40, 50, "email")])
    second = ag.Side("bob", "rejected", labels=[Label(0, 10, "partial")],
                     flags=[Flag(1, 2.1, "password"), Flag(44, 60, "email"), Flag(70, 71, "phone")])
    result = ag.compare(first, second)
    assert not result.status_agrees
    assert result.flag_iou_by_category["password"] == pytest.approx(1 / 1.1)
    assert [(d.kind, d.t_start) for d in result.disagreements] == [
        ("label-outcome", 0.0), ("label-only", 20.0), ("flag-span", 40.0), ("flag-only", 70.0), ("status", None)]
    texts = {d.kind: d.detail for d in result.disagreements}
    assert texts["flag-only"] == "only bob has this phone flag"
    assert texts["label-outcome"] == "outcome ann: success, bob: partial"
    assert texts["status"] == "ann: approved, bob: rejected"


def test_full_agreement_has_nothing_to_settle():
    side = ag.Side("ann", "approved", labels=[Label(0, 5)], flags=[Flag(1, 2)])
    result = ag.compare(side, ag.Side("bob", "approved", labels=[Label(0, 5)], flags=[Flag(1, 2)]))
    assert (result.flag_iou, result.label_agreement, result.status_agrees, result.disagreements) == \
        (1.0, 1.0, True, [])


def test_whose_flags_and_labels():
    flags = [Flag(0, 1, reviewer="ann", updated_by="ann"),
             Flag(0, 1, reviewer="ann", status="rejected"),
             Flag(2, 3, reviewer="detect-secrets", updated_by="bob", source="detect-secrets"),
             Flag(4, 5, reviewer="detect-secrets", updated_by="detect-secrets", source="detect-secrets",
                  status="suggested")]
    assert [f.t_start for f in ag.flags_of(flags, "ann")] == [0]
    assert [f.t_start for f in ag.flags_of(flags, "bob")] == [2]  # a suggestion bob accepted is his
    assert ag.labels_of([Label(0, 1, reviewer="ann"), Label(0, 1, reviewer="bob")], "bob")[0].reviewer == "bob"


# -- properties -------------------------------------------------------------------------------------------------
times = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False)
spans = st.lists(st.tuples(times, times).map(lambda p: (min(p), max(p))), max_size=8)


@given(spans, spans)
def test_iou_is_symmetric_and_bounded(a, b):
    assert ag.iou(a, b) == pytest.approx(ag.iou(b, a))
    assert 0.0 <= ag.iou(a, b) <= 1.0 + 1e-9


@given(spans)
def test_iou_of_identical_spans_is_one(a):
    assert ag.iou(a, list(reversed(a))) == pytest.approx(1.0)


@given(spans, spans)
def test_overlap_never_exceeds_either_side(a, b):
    ua, ub = ag.union(a), ag.union(b)
    shared = ag.overlap(ua, ub)
    assert shared <= min(ag.total(ua), ag.total(ub)) + 1e-9
    assert all(x[1] < y[0] for x, y in zip(ua, ua[1:]))  # the union is sorted and disjoint


@given(st.lists(st.tuples(times, times, st.sampled_from(["success", "failure"])), max_size=6))
def test_label_agreement_with_oneself_is_one(rows):
    labels = [Label(min(s, e), max(s, e), outcome) for s, e, outcome in rows]
    assert ag.label_agreement(labels, list(labels)) == pytest.approx(1.0)
