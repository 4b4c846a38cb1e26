"""The corpus's scoring: IoU matching, recall, precision, decoys and titles, grouped."""

import pytest

from viewer.corpus.evaluate import evaluate, format_report, iou, match


def screen(sid, boxes, title_cats=(), template="chat", theme="light", scale=1):
    return {"id": sid, "template": template, "theme": theme, "scale": scale, "title_categories": list(title_cats),
            "boxes": [{"box": b, "category": c} for b, c in boxes]}


def region(x, y, w, h, category="person"):
    return {"x": x, "y": y, "w": w, "h": h, "category": category}


def test_iou():
    assert iou([0, 0, 10, 10], [0, 0, 10, 10]) == 1.0
    assert iou([0, 0, 10, 10], [10, 0, 10, 10]) == 0.0
    assert iou([0, 0, 10, 10], [5, 0, 10, 10]) == pytest.approx(50 / 150)
    assert iou([0, 0, 0, 10], [0, 0, 10, 10]) == 0.0


def test_match_uses_the_threshold_both_ways():
    gold = [[0, 0, 100, 20], [0, 100, 100, 20]]
    caught, right = match(gold, [[0, 0, 40, 20], [0, 0, 20, 20], [500, 500, 5, 5]])
    assert caught == [True, False]  # IoU 0.4 catches; nothing near the second box
    assert right == [True, False, False]  # IoU 0.2 is not right


def test_recall_precision_fully_caught_and_category_agreement():
    screens = [screen("a", [([0, 0, 100, 20], "person"), ([0, 50, 100, 20], "email")]),
               screen("b", [([0, 0, 100, 20], "person")], template="mail", theme="dark", scale=2)]
    regions = {"a": [region(0, 0, 100, 20, "person"), region(0, 48, 100, 22, "phone"), region(300, 300, 10, 10)],
               "b": []}
    rep = evaluate(screens, regions, {}).as_dict()
    assert rep["overall"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert rep["overall"]["fully_caught"] == 0.5
    assert rep["overall"]["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert rep["per_category"]["person"] == {"boxes": 2, "recall": 0.5, "category_agrees": 1.0}
    assert rep["per_category"]["email"]["category_agrees"] == 0.0  # caught, but as a phone number
    assert rep["per_template"]["mail"]["recall"] == 0.0
    assert rep["per_theme"]["light"]["recall"] == 1.0
    assert rep["per_scale"]["2"]["screens"] == 1


def test_decoys_and_titles():
    screens = [screen("d1", []), screen("d2", []), screen("s", [([0, 0, 10, 10], "person")], title_cats=["person"]),
               screen("t", [([0, 0, 10, 10], "email")], title_cats=["email", "person"])]
    regions = {"d1": [region(0, 0, 5, 5)], "s": [region(0, 0, 10, 10)]}
    flags = {"d1": ["email"], "d2": [], "s": True, "t": False}
    rep = evaluate(screens, regions, flags).as_dict()
    assert rep["overall"]["decoys"] == 2 and rep["overall"]["decoy_rate"] == 0.5
    assert rep["overall"]["title_recall"] == 0.5  # s flagged, t missed
    assert rep["overall"]["title_fp_rate"] == 0.5  # d1 flagged a clean title
    assert rep["per_title_category"]["person"] == {"titles": 2, "recall": 0.5}
    assert rep["per_title_category"]["email"] == {"titles": 1, "recall": 0.0}
    assert rep["overall"]["precision"] == 0.5  # the decoy's region is wrong


def test_a_screen_without_predictions_counts_as_nothing_found():
    rep = evaluate([screen("a", [([0, 0, 10, 10], "phone")])], {}, {}).as_dict()
    assert rep["overall"]["recall"] == 0.0 and rep["overall"]["precision"] is None


def test_format_report_lists_every_group_and_category():
    screens = [screen("a", [([0, 0, 10, 10], "repository")], template="code_review", theme="dark", scale=2)]
    text = format_report(evaluate(screens, {"a": [region(0, 0, 10, 10)]}, {}).as_dict())
    for needle in ("| **all** |", "| template code_review |", "| theme dark |", "| scale 2 |",
                   "| repository | 1 | 1.000"):
        assert needle in text
