"""The dataset card (`README.md`): a YAML header that declares the configs, their splits' files and features
(so `datasets.load_dataset(OUT, "steps")` needs no code of ours), then what a person deciding whether to
train on it needs: counts, hours, apps, outcomes, redaction by category, review coverage and agreement,
near-duplicates, how it was produced, limitations and the licence. Nothing identifying: pseudonymous ids only."""

from __future__ import annotations

from pathlib import Path
from statistics import mean

import yaml

from ..manifest import tool_version
from . import schema

CARD = "README.md"


def declared(options, counts: dict) -> dict[str, list[str]]:
    """config -> the splits the card declares: those with rows (`datasets` cannot load an empty split), and
    only configs with at least one such split."""
    found = {name: [split for split in options.ratios if counts[name].get(split)] for name in schema.CONFIGS}
    return {name: splits for name, splits in found.items() if splits}


def _header(options, counts: dict, files: dict) -> str:
    shown = declared(options, counts)
    configs = [{"config_name": name,
                "data_files": [{"split": split, "path": f"data/{name}/{split}-*.parquet"} for split in splits]}
               for name, splits in shown.items()]
    info = [{"config_name": name, "features": schema.yaml_features(schema.CONFIGS[name]),
             "splits": [{"name": split, "num_bytes": sum(p.stat().st_size for p in files[(name, split)]),
                         "num_examples": counts[name][split]} for split in splits]}
            for name, splits in shown.items()]
    head = {"license": options.license, "pretty_name": "Reviewed computer-use sessions",
            "tags": ["computer-use", "gui-agents", "redacted"],
            "configs": configs, "dataset_info": info}
    return "---\n" + yaml.safe_dump(head, sort_keys=False, allow_unicode=True) + "---\n"


def _table(rows: list[tuple], header: tuple) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _body(options, counts: dict, totals) -> str:
    split_names = list(options.ratios)
    per_split = [(s, totals.people[s], totals.sessions[s], round(totals.seconds[s] / 3600, 2), counts["steps"][s],
                  counts["trajectories"][s]) for s in split_names]
    hours = round(sum(totals.seconds.values()) / 3600, 2)
    agreement = ("no session had a double review" if not totals.agreements else
                 f"{len(totals.agreements)} double-reviewed session(s): flag IoU {mean(a for a, _ in totals.agreements):.2f}, "
                 f"label agreement {mean(b for _, b in totals.agreements):.2f} on average")
    dupes = ("none found" if not totals.near_duplicates else
             "\n".join(f"- `{a}` and `{b}` (action-sequence similarity {r})" for a, b, r in totals.near_duplicates))
    parts = [
        "# Reviewed computer-use sessions",
        "Recorded computer-use sessions that people replayed, labelled and redacted before release. Configs: "
        "`steps` (one row per action, with the screenshot on screen just before it), `sessions` (one row per "
        "session) and `trajectories` (one row per labelled task, its steps in order with an empty `reasoning` "
        "slot, referring to `steps` rows by `step_id`)." + _undeclared(options, counts),
        "## Splits (by person: all of one person's sessions are in one split)",
        _table(per_split, ("split", "people", "sessions", "hours", "steps", "trajectories")),
        f"Ratios asked: {', '.join(f'{k}={v:g}' for k, v in options.ratios.items())}; seed {options.seed}."
        + (f" Sessions with no known person were all put in `{options.unknown_split}`." if options.unknown_split
           else ""),
        f"## Contents\n{sum(totals.sessions.values())} sessions, {hours} hours.",
        "Apps (sessions using each):\n\n" + (_table(totals.apps.most_common(30), ("app", "sessions"))
                                            if totals.apps else "none recorded"),
        "Task outcomes (labels):\n\n" + (_table(sorted(totals.outcomes.items()), ("outcome", "labels"))
                                        if totals.outcomes else "no labelled outcome"),
        "## Redaction\nEvery accepted flag was applied before export (typed text removed from input events, "
        "values replaced in window titles and text, flagged screen regions filled black in screenshots and video "
        "frames); image and video metadata, audio and fields nobody reviewed were left out; reviewers' own text "
        "went through the detectors. Flags applied by category:\n\n"
        + (_table(sorted(totals.categories.items()), ("category", "flags")) if totals.categories else "none")
        + f"\n\nOther places of flagged values (derived flags) applied: {totals.derived}.",
        _consent(totals),
        "## Review\n" + _table(sorted(totals.statuses.items()), ("review status", "sessions"))
        + f"\n\nDouble review: {agreement}.",
        f"## Near-duplicates (same person, same task, nearly the same actions)\n{dupes}",
        f"## How it was produced\n`{options.command}` with trace viewer {tool_version()}. Each row's `provenance` "
        "says how its session was reviewed and cleaned: review status, reviewer pseudonyms, double-review "
        "agreement, flags applied by category (derived ones apart), detectors, tool version, the source's "
        "content hash, the export id, the consent it was checked against and the ids of the consent records "
        "that covered it.",
        "## Limitations\n- Redaction is as good as the flags: detectors suggest, people decide; a value nobody "
        "flagged and no detector found is still there.\n- Actions are rebuilt from low-level events (a drag is a "
        "press and release more than a few pixels apart; typed text is grouped until a pause of 1.5 s).\n- "
        "`reasoning` is empty: recorded people do not write down why they act.\n- People and users are "
        "pseudonyms keyed by the exporter's secret: they are stable within this export only.",
        f"## Licence\n`{options.license}`",
    ]
    return "\n\n".join(parts) + "\n"


def _undeclared(options, counts: dict) -> str:
    """A sentence naming the configs (or their splits) the header leaves out for having no rows."""
    shown, empty = declared(options, counts), []
    for name in schema.CONFIGS:
        missing = [s for s in options.ratios if s not in shown.get(name, [])]
        if missing:
            empty.append(f"`{name}`" + (f" ({', '.join(missing)})" if name in shown else ""))
    if not empty:
        return ""
    return " With no rows, and so not declared (`datasets` cannot load an empty split): " + "; ".join(empty) + "."


def _consent(totals) -> str:
    """Consent coverage in counts: how many sessions a record covered, how many were left out and why."""
    said = totals.consent
    purpose = said.get("purpose", "?")
    if not said.get("enforced"):
        return (f"## Consent\nConsent was not enforced: the database held no consent record when this was "
                f"exported (purpose `{purpose}`), so `provenance.consent_records` is empty.")
    left = "; ".join(f"{n} left out: {why}" for why, n in (said.get("left_out") or {}).items()) or "none left out"
    return (f"## Consent\nChecked for purpose `{purpose}` before export: {totals.consent_covered} of "
            f"{sum(totals.sessions.values())} session(s) covered by a consent record valid at their start "
            f"({len(totals.consent_records)} record(s) in all; each row's `provenance.consent_records` names "
            f"them by id, never the person). Sessions of people without consent were not exported ({left}); "
            f"{said.get('out_of_scope_stretches', 0)} stretch(es) outside a consent's apps, windows or hours "
            "were removed as flags.")


def write_card(out: Path, options, counts: dict, totals, files: dict) -> None:
    (Path(out) / CARD).write_text(_header(options, counts, files) + "\n" + _body(options, counts, totals),
                                  encoding="utf-8")


def read_card(out: Path) -> tuple[str, str]:
    """An export's card as (YAML header without its `---` lines, markdown body); ("", text) without a header.
    Raises OSError when it cannot be read."""
    text = (Path(out) / CARD).read_text(encoding="utf-8")
    if text.startswith("---\n"):
        header, sep, body = text[4:].partition("\n---\n")
        if sep:
            return header, body.lstrip("\n")
    return "", text
