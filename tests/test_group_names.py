"""One group under two names across workshops: `new` warns when a group's name differs
from one used in an earlier workshop of the folder only in case, spacing or a plural,
and offers that name; a group declared with `--also f=funder` keeps that in its own
session file, and summaries of many workshops and the register of terms count the
earlier "funder" as "funders", said once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml


def _new(cli, title, day, *groups):
    result = cli("new", title, "--date", day, "--location", title, *groups)
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip()), result.stderr


def test_new_warns_of_a_name_that_differs_only_in_case_spacing_or_a_plural(sessions, cli):
    london, said = _new(cli, "London", "2027-06-12", "-g", "c=community", "-g", "f=funder", "-g", "p=public sector")
    assert said == ""
    leeds, said = _new(cli, "Leeds", "2027-07-10", "-g", "c=Community", "-g", "f=funders", "-g", "p=Public  Sector")
    lines = said.strip().splitlines()
    assert lines == [
        f"The group 'Community' was called 'community' in {london.stem}. To use that name, type --group "
        "c=community; to keep 'Community' and count both as one group in summaries of many workshops, add "
        "--also c=community.",
        f"The group 'funders' was called 'funder' in {london.stem}. To use that name, type --group "
        "f=funder; to keep 'funders' and count both as one group in summaries of many workshops, add "
        "--also f=funder.",
        f"The group 'Public  Sector' was called 'public sector' in {london.stem}. To use that name, type "
        "--group p=public sector; to keep 'Public  Sector' and count both as one group in summaries of many "
        "workshops, add --also p=public sector.",
    ]
    assert leeds.exists()  # a warning, not a refusal
    # A name of its own is not near anything; a declared other name is not warned of.
    # (York's "community" is near Leeds' "Community", the latest workshop that used it.)
    _, said = _new(cli, "York", "2027-08-01", "-g", "c=community", "-g", "t=trustees")
    assert "trustees" not in said and "was called 'Community' in" in said
    _, said = _new(cli, "Hull", "2027-09-01", "-g", "c=community", "-g", "f=funders", "--also", "f=funder")
    assert "'funders'" not in said


def test_a_declared_other_name_stays_in_the_session_file(sessions, cli):
    path, _ = _new(cli, "Leeds", "2027-07-10", "-g", "c=community", "-g", "f=funders", "--also", "f=funder")
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
    assert groups == [{"key": "c", "name": "community"}, {"key": "f", "name": "funders", "also": ["funder"]}]
    # Run again like it: the other name comes along with the group.
    again = cli("new", "Leeds again", "--date", "2027-10-10", "--like", str(path))
    assert again.exit_code == 0, again.stderr
    copied = yaml.safe_load(Path(again.stdout.strip()).read_text(encoding="utf-8"))["groups"]
    assert copied[1] == {"key": "f", "name": "funders", "also": ["funder"]}
    refused = cli("new", "Bad", "--date", "2027-07-11", "-g", "f=funders", "--also", "x=funder")
    assert refused.exit_code == 1 and "--also 'x=funder' should be KEY=NAME" in refused.stderr


def test_summaries_of_many_and_the_register_count_the_earlier_name_as_one_group(sessions, cli):
    london, _ = _new(cli, "London", "2027-06-12", "-g", "c=community", "-g", "f=funder")
    leeds, _ = _new(cli, "Leeds", "2027-07-10", "-g", "c=community", "-g", "f=funders", "--also", "f=funder")
    assert cli("add", str(london), "measuring", "importance", "f: 4 5", "c: 2").exit_code == 0
    assert cli("add", str(leeds), "measuring", "importance", "f: 3", "c: 4 4").exit_code == 0
    assert cli("add", str(london), "value", "words", "f: impact = savings", "c: impact = change").exit_code == 0
    assert cli("add", str(leeds), "value", "words", "f: impact = KPIs met").exit_code == 0
    assert cli("add", str(london), "measuring", "today", "f: outcomes", "c: footfall").exit_code == 0
    assert cli("add", str(leeds), "measuring", "today", "f: reports").exit_code == 0
    assert cli("add", str(london), "measuring", "for-whom", "1: funders", "2: funders").exit_code == 0
    assert cli("add", str(leeds), "measuring", "for-whom", "1: funders").exit_code == 0
    data = json.loads(cli("export", "--all", "--format", "json", "-o", "-").stdout)["summary"]
    scale = data["scales"][0]
    assert list(scale["by_group"]) == ["community", "funders"]
    assert scale["by_group"]["funders"]["n"] == 3 and scale["by_group"]["funders"]["mean"] == 4.0
    (impact,) = [t for t in data["register"] if t["term"] == "impact"]
    assert [(m["group"], m["meaning"]) for m in impact["meanings"]] == [
        ("funders", "savings"),
        ("community", "change"),
        ("funders", "KPIs met"),
    ]
    assert impact["groups"] == ["community", "funders"]
    tags = next(t for t in data["tags"] if t["step"] == "for-whom")
    assert tags["groups"] == ["community", "funders"] and tags["answers_per_group"]["funders"] == 2
    screen = cli("--plain", "summary", "--all").stdout
    # "funder" said nowhere as a group ("funder requirements" is a barrier's tag).
    assert "funders" in screen and not re.search(r"\bfunder\b(?! requirements)", screen)
