"""The three configs' columns, declared once: the Parquet schema (with the `huggingface` features metadata the
`datasets` library reads back, so images decode as images) and the dataset card's YAML features are both made
from these declarations. A type is a dtype name ("string", "int32", "int64", "float64", "bool", "image"), a one-item list
(a list of that type) or a list of (name, type) pairs (a struct)."""

from __future__ import annotations

import json

import pyarrow as pa

PROVENANCE = [
    ("review_status", "string"), ("reviewers", ["string"]), ("agreement_flag_iou", "float64"),
    ("agreement_labels", "float64"),
    ("flags_applied", [[("category", "string"), ("count", "int32")]]),
    ("derived_flags_applied", "int32"), ("detector_versions", ["string"]), ("tool_version", "string"),
    ("source_content_hash", "string"), ("export_id", "string"), ("consent", "string"),
    ("consent_records", ["int64"]),  # ids of the consent records that covered the session (never a person)
]
ACTION = [("action_type", "string"), ("x", "float64"), ("y", "float64"), ("x_frac", "float64"),
          ("y_frac", "float64"), ("end_x", "float64"), ("end_y", "float64"), ("button", "string"),
          ("keys", ["string"]), ("text", "string"), ("scroll_dx", "float64"), ("scroll_dy", "float64")]
STEPS = [
    ("step_id", "string"), ("session_id", "string"), ("user", "string"), ("step_index", "int32"),
    ("t", "float64"), ("image", "image"), *ACTION, ("screen_width", "int32"), ("screen_height", "int32"),
    ("app", "string"), ("window_title", "string"), ("task_id", "string"), ("instruction", "string"),
    ("outcome", "string"), ("quality", "int32"), ("provenance", PROVENANCE),
]
SESSIONS = [
    ("session_id", "string"), ("user", "string"), ("started_at", "string"), ("duration_s", "float64"),
    ("steps", "int32"), ("apps", ["string"]), ("tasks", ["string"]), ("outcome", "string"),
    ("quality_problems", ["string"]), ("label_coverage", "float64"), ("screenshots", "int32"),
    ("provenance", PROVENANCE),
]
TRAJECTORIES = [
    ("task_id", "string"), ("session_id", "string"), ("user", "string"), ("instruction", "string"),
    ("outcome", "string"), ("quality", "int32"), ("t_start", "float64"), ("t_end", "float64"),
    ("steps", [[("step_id", "string"), ("step_index", "int32"), ("action_type", "string"), ("x", "float64"),
                ("y", "float64"), ("keys", ["string"]), ("text", "string"), ("reasoning", "string")]]),
    ("provenance", PROVENANCE),
]
CONFIGS = {"steps": STEPS, "sessions": SESSIONS, "trajectories": TRAJECTORIES}

_ARROW = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "float64": pa.float64(),
          "bool": pa.bool_()}


def _is_struct(kind) -> bool:
    return isinstance(kind, list) and bool(kind) and isinstance(kind[0], tuple)


def arrow_type(kind) -> pa.DataType:
    if kind == "image":
        return pa.struct([("bytes", pa.binary()), ("path", pa.string())])
    if _is_struct(kind):
        return pa.struct([(name, arrow_type(k)) for name, k in kind])
    if isinstance(kind, list):
        return pa.list_(arrow_type(kind[0]))
    return _ARROW[kind]


def _hf(kind) -> dict:
    if kind == "image":
        return {"_type": "Image"}
    if _is_struct(kind):
        return {name: _hf(k) for name, k in kind}
    if isinstance(kind, list):
        return {"feature": _hf(kind[0]), "_type": "List"}
    return {"dtype": kind, "_type": "Value"}


def arrow_schema(columns) -> pa.Schema:
    features = {name: _hf(kind) for name, kind in columns}
    meta = {b"huggingface": json.dumps({"info": {"features": features}}).encode()}
    return pa.schema([(name, arrow_type(kind)) for name, kind in columns], metadata=meta)


def yaml_features(columns) -> list[dict]:
    """The card's `features` list, in the layout `datasets` writes (name + dtype | list | struct)."""
    return [_yaml_entry(name, kind) for name, kind in columns]


def _yaml_entry(name: str, kind) -> dict:
    return {"name": name, **_yaml_kind(kind)}


def _yaml_kind(kind) -> dict:
    if kind == "image":
        return {"dtype": "image"}
    if _is_struct(kind):
        return {"struct": [_yaml_entry(n, k) for n, k in kind]}
    if isinstance(kind, list):
        inner = kind[0]
        if _is_struct(inner):
            return {"list": [_yaml_entry(n, k) for n, k in inner]}
        if isinstance(inner, list) or inner == "image":
            return {"list": _yaml_kind(inner)}
        return {"list": inner}
    return {"dtype": kind}
