"""The JSON export: the Summary and the raw entries, with stable keys, for other tools."""

from __future__ import annotations

import json

from facilitate.figures.session import to_data

FORMAT_VERSION = 1


def render_json(summary, rows: list[dict]) -> bytes:
    data = to_data(summary)
    if isinstance(getattr(summary, "readback", None), str):
        # The read-back in the words every other report uses, beside its figures.
        data["readback"] = summary.readback
    document = {"format": "facilitate-export", "version": FORMAT_VERSION, "summary": data, "entries": rows}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
