"""The follower reads a file another program may be writing in place: whatever part of
it has been written so far, no private answer's words reach the wall."""

from __future__ import annotations

import datetime as dt
import json
import os

from facilitate import store
from facilitate.exercises import library
from facilitate.facilitation import Workshop, save_to
from facilitate.follow import SessionWatch
from facilitate.planning import plan_session
from facilitate.public import public_view

SECRETS = ("SECRET-ONE", "SECRET-TWO", "SECRET-THREE", "EARLIER-WORDING")


def session_with_private_answers(sessions):
    """A session whose last step holds the answers, so a file cut anywhere in them is
    otherwise whole: the case where a reader could take a prefix for the session."""
    measuring = library()["measuring"].definition
    short = measuring.model_copy(update={"steps": measuring.steps[:2]})
    session = plan_session(
        "Private words", dt.date(2027, 6, 12), [short], [("c", "community"), ("p", "public sector")], set()
    )
    path = sessions / f"{session.id}.yaml"
    store.save_session(session, path)
    w = Workshop(store.load_session(path), save_to(path))
    w.start_step("measuring", "today")
    w.enter("measuring", "today", "c: public answer one")
    w.enter("measuring", "today", "!p: SECRET-ONE said in confidence")
    w.enter("measuring", "today", "c: public answer two")
    w.enter("measuring", "today", "p: SECRET-TWO marked later")
    w.enter("measuring", "today", "/private 4")
    w.enter("measuring", "today", "!c: EARLIER-WORDING of a private answer")
    w.check_answer(w.to_read_back("measuring")[4], "amended", "SECRET-THREE now")
    w.enter("measuring", "today", "c: the last public answer")
    return path


def shown(watch: SessionWatch) -> str:
    from facilitate.ui.web import view_html

    body, title = view_html(watch)
    view = json.dumps(public_view(watch.session)) if watch.session is not None else ""
    return body + title + view + watch.problem


def test_the_private_mark_comes_before_an_answers_words_in_the_file(sessions):
    text = session_with_private_answers(sessions).read_text(encoding="utf-8")
    for secret in SECRETS:
        at = text.index(secret)
        answer = text.rindex("- id: ", 0, at)
        assert "private: true" in text[answer:at], text[answer:at]


def test_the_follower_fed_every_prefix_of_a_session_file_never_shows_private_words(sessions, tmp_path):
    source = session_with_private_answers(sessions)
    whole = source.read_bytes()
    assert all(secret.encode() in whole for secret in SECRETS)
    follower_file = tmp_path / "followed.yaml"
    follower_file.write_bytes(whole)
    watch = SessionWatch(follower_file)
    watch.poll()
    assert "public answer one" in shown(watch)
    served = 0
    # Written in place, a byte at a time, as another program might: every prefix.
    for end in range(1, len(whole) + 1):
        with open(follower_file, "r+b") as handle:
            handle.write(whole[:end])
            handle.truncate(end)
        os.utime(follower_file, ns=(end, end))  # each prefix is seen as a change
        for _ in range(2):  # and looked at twice, as a file left so would be
            if watch.poll():  # what is on the wall changed: read it
                served += 1
                page = shown(watch)
                assert not any(secret in page for secret in SECRETS), (end, whole[:end][-200:])
    assert served  # the follower did read the file as it grew
    assert "the last public answer" in shown(watch)
