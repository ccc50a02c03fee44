"""`facilitate present` on its own: what the session records for it, what the public
view holds, the web server's manners, and a follower that outlives a file replaced
hundreds of times, a broken file, a missing file and a resize."""

from __future__ import annotations

import json
import shutil
import sys
import threading
import urllib.error
import urllib.request

import patience
import pytest
from conftest import new_session
from helpers import flat
from screens import kill, new_name, pane, tmux, wait_for

from facilitate import store
from facilitate.facilitation import Workshop, save_to
from facilitate.public import public_view

NOTE = "The council officer looked uncomfortable"
SECRET = "A secret only the facilitator should see"


def busy_workshop(sessions) -> tuple[Workshop, object]:
    session, path = new_session(sessions)
    w = Workshop(store.load_session(path), save_to(path))
    w.start_step("measuring", "today")
    for line in ["c: Headcounts at the door", f"p: {SECRET}", "Feedback forms"]:
        w.enter("measuring", "today", line)
    w.enter("measuring", "today", "/private 2")
    w.enter("measuring", "today", f"/note {NOTE}")
    return w, path


def test_the_session_records_where_the_facilitator_is_only_once_a_step_opens(sessions):
    session, path = new_session(sessions)
    assert "\nat:" not in path.read_text(encoding="utf-8")  # a planned session is written as before
    w = Workshop(store.load_session(path), save_to(path))
    w.start_step("measuring", "today")
    text = path.read_text(encoding="utf-8")
    assert "at:\n  exercise: measuring\n  step: today\n" in text
    loaded = store.load_session(path)
    assert (loaded.at.exercise, loaded.at.step) == ("measuring", "today")
    w.start_step("measuring", "for-whom")
    assert store.load_session(path).at.step == "for-whom"


def test_an_old_file_without_a_position_loads_and_saves_unchanged(sessions):
    session, path = new_session(sessions)
    before = path.read_text(encoding="utf-8")
    store.save_session(store.load_session(path), path)
    assert path.read_text(encoding="utf-8") == before


def test_the_public_view_never_holds_a_note_or_a_private_answers_text(sessions):
    w, path = busy_workshop(sessions)
    view = public_view(store.load_session(path))
    words = json.dumps(view)
    assert NOTE not in words and "officer" not in words
    assert SECRET not in words and "facilitator should" not in words
    assert [c["text"] for c in view["cards"]] == ["Headcounts at the door", "Feedback forms"]
    assert [c["group"] for c in view["cards"]] == ["community", None]
    assert view["private"] == 1
    # Tagging and voting show the same answers: the private one still only counted.
    for step in ("for-whom", "priorities"):
        w.start_step("measuring", step)
    w.start_step("measuring", "for-whom")
    tagged = public_view(store.load_session(path))
    assert tagged["step"]["kind"] == "tag" and tagged["private"] == 1
    assert SECRET not in json.dumps(tagged)


def test_the_public_view_waits_until_run_has_opened_a_step(sessions):
    session, path = new_session(sessions)
    view = public_view(store.load_session(path))
    assert view["state"] == "waiting" and "cards" not in view


# --- the web page ------------------------------------------------------------------------


@pytest.fixture
def served(sessions):
    from facilitate.ui.web import make_server

    w, path = busy_workshop(sessions)
    server = make_server(path, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server, w
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str, dict]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode(), dict(response.headers)


def test_the_page_is_served_on_the_loopback_only_and_is_whole_without_scripts(served):
    server, _ = served
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    status, page, headers = get(f"http://127.0.0.1:{port}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>What do you measure today?</h1>" in page
    assert "Headcounts at the door" in page and "community" in page
    assert "+ 1 private answer (counted, not shown)" in page
    assert SECRET not in page and NOTE not in page
    # Nothing from elsewhere: no links, sources or imports off this server.
    assert "http://" not in page and "https://" not in page and "src=" not in page


def test_the_page_answers_get_only(served):
    server, _ = served
    port = server.server_address[1]
    for method in ("POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", data=b"x", method=method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 405, method
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/session.yaml", timeout=5)
    assert missing.value.code == 404


def test_the_page_is_refused_under_any_other_host_name(served):
    server, _ = served
    port = server.server_address[1]
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": f"attacker.example:{port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403
    assert get(f"http://localhost:{port}/view.json")[0] == 200


def test_the_page_data_changes_when_run_saves(served):
    server, w = served
    port = server.server_address[1]
    first = json.loads(get(f"http://127.0.0.1:{port}/view.json")[1])
    w.enter("measuring", "today", "c: Who comes back a second time")
    second = json.loads(get(f"http://127.0.0.1:{port}/view.json")[1])
    assert first["version"] != second["version"]
    assert "Who comes back a second time" in second["html"]
    assert SECRET not in second["html"] and NOTE not in second["html"]


def test_present_refuses_a_session_that_does_not_exist(sessions, cli):
    result = cli("present", "no-such-session")
    assert result.exit_code == 1
    assert "There is no session 'no-such-session'" in result.stderr
    assert "Traceback" not in result.stderr


# --- the terminal follower under strain -----------------------------------------------------


@pytest.mark.timeout(120)
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_follower_survives_two_hundred_replacements_a_broken_file_and_a_resize(sessions):
    w, path = busy_workshop(sessions)
    name = new_name()
    command = (
        f"cd {sessions.parent} && unset COLUMNS LINES && NO_COLOR=1 FACILITATE_SESSIONS_DIR={sessions} "
        f"{sys.executable} -m facilitate present {w.session.id}; echo PRESENT-EXIT=$?; sleep 60"
    )
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
    try:
        wait_for(name, "Headcounts at the door")
        # As fast as saves can go: each one a whole new file put in place atomically.
        answers = w.session.exercise("measuring").step("today").answers
        for n in range(1, 201):
            answers[2].text = f"Feedback forms, version {n}"
            w.save()
            if n == 100:
                tmux("resize-window", "-t", name, "-x", "90", "-y", "30")
        wait_for(name, "version 200")
        screen = pane(name)
        assert max(len(line) for line in screen.splitlines()) <= 90
        assert screen.splitlines()[0].rstrip().endswith("min left")  # drawn for the new width
        assert "Traceback" not in screen and "PRESENT-EXIT" not in screen

        # A file broken by hand: a calm sentence, the last good view kept, and back
        # to normal once the file is whole again.
        good = path.read_text(encoding="utf-8")
        store.write_atomically(path, good.replace("schema: 1", "schema: [", 1))
        screen = wait_for(name, "Still watching")
        assert "Headcounts at the door" in flat(screen)
        path.unlink()
        wait_for(name, "is not there just now")
        store.write_atomically(path, good)
        screen = patience.until(
            lambda: (lambda shown: shown if "not there" not in shown else "")(pane(name)),
            "the view back once the file is whole",
            lambda: pane(name),
        )
        assert "Still watching" not in screen and "not there" not in screen
        assert "version 200" in screen
        assert "Traceback" not in screen and "PRESENT-EXIT" not in screen

        before = path.read_bytes()
        tmux("send-keys", "-t", name, "C-c")
        screen = wait_for(name, "PRESENT-EXIT=130")
        assert "Traceback" not in screen
        assert path.read_bytes() == before
        assert not list(sessions.glob(".*lock*"))  # it never took the lock
    finally:
        kill(name)
