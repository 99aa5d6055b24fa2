"""kg's value types as compact JSON, derived from their dataclass fields.

Why: the NLP stage spills analyses to disk (:mod:`kg.engine.spill`) so that a
build's memory does not grow with the corpus. The codec reads each type's
fields and type hints (:func:`dataclasses.fields`, :func:`typing.get_type_hints`)
instead of listing them by hand, so a field added to :mod:`kg.types` (as
``LocalEntity.maybe_person`` and ``descriptions`` were) is stored and read back
without a change here; :func:`schema` names every field and type, and the
store refuses rows written under another schema. JSON rather than pickle: a
file in the output folder must not be able to run code when read back; and
the C JSON encoder is fast enough (see docs/performance.md).

>>> from kg.types import Span
>>> encode(Span(0, 4, "Kyiv"))
'[0,4,"Kyiv"]'
>>> decode(Span, encode(Span(0, 4, "Kyiv")))
Span(start=0, end=4, text='Kyiv')
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
_Convert = Callable[[Any], Any]
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


class CodecError(TypeError):
    """A type the codec cannot derive (a field type other than dataclasses, tuples, str/int/float/bool, or None unions)."""


def _identity(value: Any) -> Any:
    return value


@cache
def _to_plain(hint: Any) -> _Convert | None:
    """A function turning a value of type ``hint`` into JSON-ready lists; None when it already is one."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        parts = [(field.name, _to_plain(kind)) for field, kind in _fields(hint)]

        def plain_dataclass(value: Any) -> list[Any]:
            return [getattr(value, name) if convert is None else convert(getattr(value, name)) for name, convert in parts]

        return plain_dataclass
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        inner = [_to_plain(a) for a in args if a is not Ellipsis]
        if all(c is None for c in inner):
            return list
        if len(args) == 2 and args[1] is Ellipsis:
            one = inner[0] or _identity
            return lambda value: [one(item) for item in value]
        convs = [c or _identity for c in inner]
        return lambda value: [c(item) for c, item in zip(convs, value, strict=True)]
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise CodecError(f"cannot encode the union {hint!r}")
        inner_conv = _to_plain(options[0])
        return None if inner_conv is None else (lambda value: None if value is None else inner_conv(value))
    if hint in (str, int, float, bool):
        return None
    raise CodecError(f"cannot encode a field of type {hint!r}")


@cache
def _from_plain(hint: Any) -> _Convert | None:
    """The inverse of :func:`_to_plain`: JSON lists back into a value of type ``hint``."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        parts = [_from_plain(kind) for _, kind in _fields(hint)]
        build = hint

        def from_list(data: list[Any]) -> Any:
            return build(*[value if convert is None else convert(value) for convert, value in zip(parts, data, strict=True)])

        return from_list
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        inner = [_from_plain(a) for a in args if a is not Ellipsis]
        if all(c is None for c in inner):
            return tuple
        if len(args) == 2 and args[1] is Ellipsis:
            one = inner[0] or _identity
            return lambda data: tuple(one(item) for item in data)
        convs = [c or _identity for c in inner]
        return lambda data: tuple(c(item) for c, item in zip(convs, data, strict=True))
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner_conv = _from_plain(options[0])
        return None if inner_conv is None else (lambda data: None if data is None else inner_conv(data))
    if hint in (str, int, float, bool):
        return None
    raise CodecError(f"cannot decode a field of type {hint!r}")


@cache
def _fields(cls: type) -> tuple[tuple[dataclasses.Field[Any], Any], ...]:
    """Each field of the dataclass ``cls`` with its resolved type hint, in declaration order."""
    hints = typing.get_type_hints(cls)
    return tuple((field, hints[field.name]) for field in dataclasses.fields(cls))


def to_plain(hint: Any, value: Any) -> Any:
    """``value`` (of type ``hint``: a dataclass of kg.types, or a tuple of them) as JSON-ready lists."""
    convert = _to_plain(hint)
    return value if convert is None else convert(value)


def from_plain(hint: Any, data: Any) -> Any:
    """The value of type ``hint`` that :func:`to_plain` gave ``data`` for."""
    convert = _from_plain(hint)
    return data if convert is None else convert(data)


def encode(value: Any, hint: Any = None) -> str:
    """``value`` as compact JSON text (``hint`` defaults to its own class)."""
    return _ENCODER.encode(to_plain(type(value) if hint is None else hint, value))


def decode(hint: type[T] | Any, text: str | bytes) -> T:
    """The value of type ``hint`` encoded in ``text`` by :func:`encode`."""
    result: T = from_plain(hint, json.loads(text))
    return result


def schema(*classes: type) -> str:
    """Every field name and type of ``classes`` and of the dataclasses inside them, as one line: a stored row's format version.

    >>> from kg.types import Span
    >>> schema(Span)
    'Span(start:int,end:int,text:str)'
    """
    seen: dict[type, str] = {}

    def visit(hint: Any) -> None:
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            if hint in seen:
                return
            seen[hint] = ""
            fields = _fields(hint)
            seen[hint] = f"{hint.__name__}({','.join(f'{f.name}:{_name(k)}' for f, k in fields)})"
            for _, kind in fields:
                visit(kind)
            return
        for arg in typing.get_args(hint):
            visit(arg)

    for cls in classes:
        visit(cls)
    return ";".join(seen[c] for c in sorted(seen, key=lambda c: c.__name__))


def _name(hint: Any) -> str:
    """A type hint's text without module paths (``tuple[Span, ...]``)."""
    return getattr(hint, "__name__", None) if isinstance(hint, type) else str(hint).replace("kg.types.", "")  # type: ignore[return-value]
