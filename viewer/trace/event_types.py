"""msgspec types for the events of trace/1, built from schema.EVENT_FIELDS (the one definition).

Used by the validator to type-check a chunk of lines in one C call.
"""

from __future__ import annotations

from typing import Literal, Optional, Union

import msgspec

from .schema import BUTTONS, EVENT_FIELDS, Field

_KINDS = {"number": float, "int": int, "string": str, "button": Literal[BUTTONS], "strings": list[str]}


class EventBase(msgspec.Struct, tag_field="type"):
    t: float


def _annotation(field: Field):
    kind = _KINDS[field.kind]
    return kind if field.required else Optional[kind]


def _struct(type_name: str, fields: tuple[Field, ...]) -> type:
    specs = [(f.name, _annotation(f)) if f.required else (f.name, _annotation(f), None) for f in fields]
    specs.sort(key=len)  # msgspec wants required fields before ones with defaults
    return msgspec.defstruct(f"Event_{type_name}", specs, bases=(EventBase,), tag=type_name, tag_field="type")


STRUCTS = {name: _struct(name, fields) for name, fields in EVENT_FIELDS.items()}
EventUnion = Union[tuple(STRUCTS.values())]
decode_many = msgspec.json.Decoder(list[EventUnion]).decode
decode_one = msgspec.json.Decoder(EventUnion).decode
ValidationError = msgspec.ValidationError
DecodeError = msgspec.DecodeError
