"""Writes session data as block-style YAML that people can read and libyaml can load.

Why not yaml.dump: PyYAML's representer costs about 27 ms for a 500-answer session
before anything reaches the disk (the autosave budget is 25 ms in all), and libyaml's
emitter writes every emoji as an escape such as "\\U0001F389", which no facilitator can
read. This writer handles only what a session holds (mappings, lists, text, numbers,
booleans, None, dates and times) and chooses for each piece of text the plainest
style that loads back exactly: plain, a `|` block, or double quotes with escapes.
Loading stays with PyYAML's safe loader, and the round trip is property-tested.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

# Characters YAML allows in a stream, from PyYAML's reader; anything else is escaped.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]')
_PLAIN_FIRST_BAD = set("-?:,[]{}#&*!|>'\"%@` \t")
# In a `|` block, backslashes, quotes and tabs are literal; other controls are not.
_BLOCK_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]|[ \t]\n|[ \t]$")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}"


def double_quoted(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


@lru_cache(maxsize=1)
def _resolver():
    from yaml.resolver import Resolver

    return Resolver()


@lru_cache(maxsize=4096)
def _resolves_as_text(text: str) -> bool:
    """True when YAML would read this plain scalar back as a string (not a number,
    boolean, null, date...)."""
    from yaml import ScalarNode

    # One resolver for the process: making one for each of twenty thousand answers
    # was a sixth of the time a large session took to save.
    return _resolver().resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


# What stops a text from being written plain, in one search: a character outside the
# printable set or one that would need an escape (quote, backslash, controls, tabs,
# line breaks), or a `: ` or ` #` that YAML would read as a key or a comment.
_NOT_PLAIN = re.compile(
    r"[^\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|: | #"
)
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@lru_cache(maxsize=65536)
def _plain_ok(text: str) -> bool:
    if not text or text[0] in _PLAIN_FIRST_BAD or text[-1] in " \t:" or _NOT_PLAIN.search(text):
        return False
    # Text that starts with a letter no implicit type starts with (ids such as a17), or
    # with any letter and holds a space (the words YAML reads as true, false or null
    # have none: most answers), is never read back as anything but text; the
    # resolver's row of patterns is kept for the rest.
    first = text[0]
    if first in _ASCII_LETTERS and (" " in text or first not in _resolver().yaml_implicit_resolvers):
        return True
    return _resolves_as_text(text)


def _block_ok(text: str) -> bool:
    if "\n" not in text or text[0] in " \t\n" or text.endswith("\n\n"):
        return False
    return not (_BLOCK_BAD.search(text) or _NOT_PRINTABLE.search(text))


def _scalar(value: Any) -> str | None:
    """Inline text for a scalar, or None for text that needs a block."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if _plain_ok(value):
            return value
        if _block_ok(value):
            return None
        return double_quoted(value)
    raise TypeError(f"cannot write {type(value).__name__} to a session file")


_KEYS: dict[Any, str] = {}


def _key(key: Any) -> str:
    # The same few keys (id, text, group...) repeat for every answer: written once each.
    written = _KEYS.get(key)
    if written is None:
        text = _scalar(key)
        written = text if text is not None else double_quoted(str(key))
        if type(key) is str and len(_KEYS) < 4096:  # not 1 and True, which hash alike
            _KEYS[key] = written
    return written


def _block(text: str, indent: int) -> list[str]:
    header = "|" if text.endswith("\n") else "|-"
    pad = " " * indent
    body = text[:-1] if text.endswith("\n") else text
    return [header] + [pad + line if line else "" for line in body.split("\n")]


def _value_lines(value: Any, indent: int, out: list[str], prefix: str) -> None:
    """Append `prefix` + value; prefix is `key: ` or `- ` already indented."""
    kind = type(value)
    if kind is str and _plain_ok(value):
        out.append(prefix + value)  # most of a session: checked first, once
    elif isinstance(value, dict):
        if not value:
            out.append(prefix + "{}")
            return
        out.append(prefix.rstrip())
        _mapping(value, indent + 2, out)
    elif isinstance(value, list):
        if not value:
            out.append(prefix + "[]")
            return
        out.append(prefix.rstrip())
        _sequence(value, indent + 2, out)
    else:
        inline = _scalar(value)
        if inline is not None:
            out.append(prefix + inline)
        else:
            block = _block(value, indent + 2)
            out.append(prefix + block[0])
            out.extend(block[1:])


def _mapping(data: dict, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in data.items():
        _value_lines(value, indent, out, f"{pad}{_key(key)}: ")


def _sequence(items: list, indent: int, out: list[str]) -> None:
    pad = " " * indent
    # The first key of an item shares the line with the dash; the rest line up under
    # it. Each key's two prefixes are made once per list, not once per item.
    first_prefix: dict[Any, str] = {}
    later_prefix: dict[Any, str] = {}
    for item in items:
        if isinstance(item, dict) and item:
            prefixes = first_prefix
            for key, value in item.items():
                prefix = prefixes.get(key)
                if prefix is None:
                    prefix = prefixes[key] = f"{pad}{'- ' if prefixes is first_prefix else '  '}{_key(key)}: "
                _value_lines(value, indent + 2, out, prefix)
                prefixes = later_prefix
        else:
            _value_lines(item, indent, out, f"{pad}- ")


def to_yaml(data: dict) -> str:
    """The mapping as block-style YAML, keys in the order given."""
    out: list[str] = []
    _mapping(data, 0, out)
    return "\n".join(out) + "\n"
