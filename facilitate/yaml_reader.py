"""YAML text to plain data, safely, and where in the text a problem lies.

The twin of `yaml_writer.py`: text in, data out, no file opened. Anchors, aliases,
custom tags and keys given twice are refused; dates stay text for pydantic to read.
A problem is one sentence naming the file, the field and the line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from facilitate.errors import FacilitateError, notice, quoted

try:  # libyaml is several times faster; the pure-Python loader behaves the same.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _SafeLoader(_BaseLoader):
    """Safe loader; anchors and aliases are refused before construction (see load_yaml).

    Dates and times are left as text for pydantic to parse: PyYAML's timestamp
    constructor is pure Python and was a quarter of the time spent loading a session."""


_SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_RESOLVED: dict[str, str] = {}
_base_resolve = _SafeLoader.resolve


def _resolve(self: _SafeLoader, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    # Session files repeat the same keys and names thousands of times; PyYAML tries a
    # row of regular expressions on each. Plain scalars resolve the same every time.
    if kind is yaml.ScalarNode and implicit[0] and isinstance(value, str) and len(value) < 64:
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = _RESOLVED[value] = _base_resolve(self, kind, value, implicit)
        return tag
    return _base_resolve(self, kind, value, implicit)


_SafeLoader.resolve = _resolve  # type: ignore[method-assign]


class YamlProblem(FacilitateError):
    """A file that is not YAML we are willing to read."""


class _BadValue(Exception):
    """A value written in a form its own type cannot read (a 5,000-digit number, the
    thirteenth month): raised where the value is read, and turned into a YamlProblem
    where the field it sits in is known."""

    def __init__(self, event: yaml.ScalarEvent, what: str) -> None:
        super().__init__(what)
        self.event, self.what = event, what


_LARGEST = 10**18
# What a value's type is called when it cannot be read as one.
_TYPE_WORDS = {"int": "a number", "float": "a number", "timestamp": "a date or time", "bool": "true or false"}


def load_yaml(text: str, source: str, written_spans: list[tuple[int, int, bool]] | None = None) -> Any:
    """Parse YAML safely: plain data only, no anchors, aliases, custom tags or keys
    given twice (a pasted second `answers:` would silently drop the first).

    Given a list, it also collects where each quoted or block value lies in the text
    (for first_comment_line, so that a `#` in an answer costs no second parse)."""
    loader = _SafeLoader(text)
    try:
        # The parser's own get_event, called until it has no more: yaml.parse wraps it
        # in a generator that asks twice for every one of hundreds of thousands of events.
        return _build(iter(loader.get_event, None), source, written_spans)
    except yaml.YAMLError as exc:
        if "invalid Unicode character escape" not in str(exc) or _BaseLoader is yaml.SafeLoader:
            raise YamlProblem(_yaml_error_line(exc, source)) from None
    finally:
        loader.dispose()
    return _with_surrogates_replaced(text, source, written_spans)


def _with_surrogates_replaced(text: str, source: str, written_spans: list[tuple[int, int, bool]] | None) -> Any:
    """A file holding a half of a character (a lone surrogate, "\\uDCA3", which an
    earlier version saved from a byte typed in a Latin-1 terminal): libyaml refuses
    it, which locked the session out of its own tool. It is read with the pure-Python
    parser instead, each such half shown as U+FFFD (the replacement character) with
    one line saying so; the next save writes the file without them."""
    if written_spans is not None:
        written_spans.clear()
    loader = yaml.SafeLoader(text)
    try:
        data = _build(iter(loader.get_event, None), source, written_spans)
    except yaml.YAMLError as exc:
        raise YamlProblem(_yaml_error_line(exc, source)) from None
    finally:
        loader.dispose()
    replaced = [0]

    def whole(value: Any) -> Any:
        if type(value) is str:
            # Two halves that make one character are joined; a half alone becomes U+FFFD.
            fixed = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
            replaced[0] += fixed.count("\ufffd") - value.count("\ufffd")
            return fixed
        if type(value) is dict:
            return {whole(k): whole(v) for k, v in value.items()}
        if type(value) is list:
            return [whole(v) for v in value]
        return value

    data = whole(data)
    if replaced[0]:
        notice(
            f"{source}: {replaced[0]} character{'s' if replaced[0] != 1 else ''} in this file "
            "cannot be read (half of a character, written by an earlier version from a byte that was not UTF-8); "
            "each is shown as \ufffd, and the next save writes it so."
        )
    return data


_NOTHING = object()
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Resolver(yaml.resolver.BaseResolver):
    yaml_implicit_resolvers = _SafeLoader.yaml_implicit_resolvers


_RESOLVER = _Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS: dict[tuple[Any, str, tuple[bool, bool]], Any] = {}
# Untagged plain scalars (the usual case), by their text alone.
_PLAIN: dict[str, Any] = {}
_PLAIN_IMPLICIT = (True, False)


def _scalar(event: yaml.ScalarEvent, source: str) -> Any:
    value, tag = event.value, event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return value  # quoted: text, whatever it looks like
        key = (None, value, event.implicit)
    else:
        key = (tag, value, event.implicit)
    found = _SCALARS.get(key, _NOTHING)
    if found is not _NOTHING:
        return found
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
    if tag == _STR:
        result: Any = value
    elif tag == "tag:yaml.org,2002:merge":
        raise _problem(event, source, "merge keys (<<) are not allowed in facilitate files; write the fields out")
    elif tag in _CONSTRUCTOR.yaml_constructors and tag.startswith("tag:yaml.org,2002:"):
        try:
            result = _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, value, event.start_mark, event.end_mark))
        except (yaml.YAMLError, ValueError, TypeError):
            name = tag.rsplit(":", 1)[-1]
            raise _BadValue(
                event, f"{quoted(value)} is not {_TYPE_WORDS.get(name, 'a ' + name)} facilitate can read"
            ) from None
        # No count in a session comes near a billion billion; a number written in hex,
        # octal or binary may still be thousands of digits long, which Python cannot
        # write back out in decimal when the session is saved.
        if type(result) is int and not -_LARGEST < result < _LARGEST:
            raise _BadValue(event, f"{quoted(value)} is not a number facilitate can read (it is too large)")
    else:
        raise _problem(event, source, f"the tag {tag} is not allowed; facilitate files hold plain data only")
    if len(value) < 64:
        if len(_SCALARS) > 20_000:
            _SCALARS.clear()
        _SCALARS[key] = result
        if event.tag is None and event.implicit == _PLAIN_IMPLICIT:
            if len(_PLAIN) > 20_000:
                _PLAIN.clear()
            _PLAIN[value] = result
    return result


def _problem(event: yaml.Event, source: str, what: str, field: tuple[Any, ...] | None = None) -> YamlProblem:
    line = event.start_mark.line + 1
    if field is None:
        return YamlProblem(f"{source}: line {line}: {what}.")
    return YamlProblem(f"{source}: {field_name(field)}: {what} (line {line}). Fix the file or restore a copy.")


def _path_to(stack: list[tuple[Any, Any]], container: Any, key: Any) -> tuple[Any, ...]:
    """The field a value being built belongs in: each open container's newest item
    (where the next one down went) and, in the innermost, the place it was to take."""
    path: list[Any] = []
    for parent, _ in stack[1:]:
        path.append(len(parent) - 1 if type(parent) is list else next(reversed(parent)))
    if type(container) is list:
        path.append(len(container))
    elif container is not None and key is not _NOTHING:
        path.append(key)
    return tuple(path)


def field_name(path: tuple[Any, ...] | list[Any]) -> str:
    """A field as messages name it: exercises[0].steps[1].responses[3].value."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "the file"


def _build(events: Iterator[yaml.Event], source: str, spans: list[tuple[int, int, bool]] | None = None) -> Any:
    """Plain data straight from the parser's events. PyYAML's composer and constructor
    build a node per value first, which took seconds for 20,000 answers; this loop runs
    once per event, so it keeps its state in local names rather than calling out."""
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    plain = _PLAIN
    root: Any = _NOTHING
    # The open container and, in a mapping, the key waiting for its value; the
    # enclosing ones are kept on the stack.
    container: Any = None
    key: Any = _NOTHING
    stack: list[tuple[Any, Any]] = []
    documents = 0
    try:
        for event in events:
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None:
                    raise _anchor(event, source)
                value = event.value
                if event.tag is None and event.implicit[0]:
                    value = plain.get(value, _NOTHING)
                    if value is _NOTHING:
                        value = _scalar(event, source)
                else:
                    if spans is not None and event.style:
                        spans.append(_written_span(event))
                    if event.tag is not None:
                        value = _scalar(event, source)
                    # else quoted or a block: text, whatever it looks like
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None:
                    raise _anchor(event, source)
                if event.tag not in _PLAIN_TAGS:
                    raise _problem(
                        event, source, f"the tag {event.tag} is not allowed; facilitate files hold plain data only"
                    )
                value = {} if kind is mapping_start else []
            elif kind is mapping_end or kind is sequence_end:
                container, key = stack.pop()
                continue
            elif kind is yaml.AliasEvent:
                raise _anchor(event, source)
            else:
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _problem(event, source, "the file holds more than one YAML document; keep only one")
                continue
            # Put the value in its place: the open list, the open mapping (as a key, then
            # as that key's value), or at the top.
            if container is None:
                root = value
            elif type(container) is list:
                container.append(value)
            elif key is _NOTHING:
                if type(value) is dict or type(value) is list:
                    raise _problem(event, source, "a key must be a plain word or text, not a list or mapping")
                if value in container:
                    raise _problem(
                        event,
                        source,
                        f"the key {quoted(value)} appears twice in the same place; "
                        "merge the two into one and delete the second",
                    )
                key = value
                continue
            else:
                container[key] = value
                key = _NOTHING
            if kind is not scalar_event:
                stack.append((container, key))
                container, key = value, _NOTHING
    except _BadValue as bad:
        # Only now is the way to the value worked out, from the open containers.
        raise _problem(bad.event, source, bad.what, _path_to(stack, container, key)) from None
    return None if root is _NOTHING else root


def _anchor(event: yaml.Event, source: str) -> YamlProblem:
    return _problem(
        event, source, "YAML anchors and aliases are not allowed in facilitate files; write the value out in full"
    )


def _written_span(event: yaml.ScalarEvent) -> tuple[int, int, bool]:
    return (event.start_mark.index, event.end_mark.index, event.style in ("|", ">"))


def first_comment_line(text: str, written_spans: list[tuple[int, int, bool]] | None = None) -> int | None:
    """The line (from 1) of the first comment written in a YAML text, if any: a `#`
    at the start of a line or after a space or tab (one inside a plain value, as in
    `x#y`, starts none) that no quoted or block value holds. The writer never
    writes comments. written_spans are those load_yaml collected from the same text."""
    candidates = []
    position = text.find("#")
    while position != -1:  # a few, even in a large file: cheaper found than matched
        if position == 0 or text[position - 1] in " \t\n\r":
            candidates.append(position)
        position = text.find("#", position + 1)
    if not candidates:
        return None
    if written_spans is None:
        written_spans = []
        try:
            load_yaml(text, "", written_spans)
        except YamlProblem:
            return None
    spans = [
        # A block's text starts on the line after its `|`; a `#` on that line is a comment.
        (text.find("\n", start) if block else start, end)
        for start, end, block in written_spans
    ]
    span = 0
    for position in candidates:
        while span < len(spans) and spans[span][1] <= position:
            span += 1
        if span == len(spans) or not spans[span][0] <= position < spans[span][1]:
            return text.count("\n", 0, position) + 1
    return None


def _yaml_error_line(exc: yaml.YAMLError, source: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f": line {mark.line + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "could not determine a constructor" in str(exc):
        tag = str(exc).split("tag '", 1)[-1].split("'", 1)[0]
        problem = f"the tag {tag} is not allowed; facilitate files hold plain data only"
    return f"{source}{where}: this is not valid YAML ({problem}). Fix the file or restore a copy."


def line_of(text: str, path: tuple[Any, ...]) -> int | None:
    """The line (from 1) where the value at a field path starts, or the nearest parent."""
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return None
    best = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if node is None:
            break
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    child = value if not isinstance(value, yaml.ScalarNode) else key
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                child = node.value[part]
        if child is None:
            continue  # a discriminator or a missing field: stay at the parent
        node = child
        best = node.start_mark.line + 1
    return best


def describe_validation_error(exc: Any, text: str, source: str, step_kinds: Iterable[str] = ()) -> str:
    """One line: file, field path and line of the first problem pydantic found.
    `step_kinds` are the names pydantic gives the members of a step's tagged union."""
    step_kinds = set(step_kinds)
    first = exc.errors()[0]
    loc: list[Any] = []
    for part in first["loc"]:
        # pydantic names the step kind it tried inside a tagged union; readers don't care.
        if isinstance(part, str) and part in step_kinds and loc and isinstance(loc[-1], int):
            continue
        if isinstance(part, str) and part.startswith("function-"):
            continue
        loc.append(part)
    # A check of a whole list may say which item it found wrong (model.ProblemAt).
    loc.extend(getattr(first.get("ctx", {}).get("error"), "at", ()))
    message = first["msg"]
    if first["type"] == "missing":
        message = "field required"
    elif first["type"] == "extra_forbidden":
        message = "unknown field"
    message = message.removeprefix("Value error, ")
    line = line_of(text, tuple(loc))
    where = f" (line {line})" if line else ""
    field = field_name(loc)
    return f"{source}: {field}: {message}{where}. Fix the file or restore a copy."
