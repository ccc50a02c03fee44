"""`facilitate present --browser`: the projector as a local web page.

A small server from the standard library, listening on 127.0.0.1 only and answering
GET only. The page is whole without JavaScript when first loaded; a few lines of
inline script then ask for `/view.json` twice a second and swap in the new content
when `run` has saved. Nothing is fetched from anywhere else, so it works with no
network. Everything on the page comes from `public_view`, which never holds a
facilitator note or the text of a private answer.
"""

from __future__ import annotations

import html
import json
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from facilitate.follow import SessionWatch
from facilitate.public import private_line, public_view

# Colours for groups, in session order, each at least 7:1 against the card's
# background; a card also names its group in words.
GROUP_COLOURS = ["#7fdbff", "#ffa6d9", "#9be89b", "#ffe066", "#b3c7ff", "#ffb199"]

_STYLE = """
:root { color-scheme: dark; }
* { box-sizing: border-box; }
html { font-size: clamp(16px, 1.6vw, 34px); }
body { margin: 0; background: #000; color: #fff;
  font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.3; }
header { display: flex; justify-content: space-between; gap: 1rem; padding: 0.6rem 1.2rem;
  font-size: 1rem; color: #e0e0e0; border-bottom: 2px solid #444; }
.timer { font-weight: 700; white-space: nowrap; }
.overtime { color: #ffe066; }
main { padding: 1rem 1.2rem 0.5rem; }
h1 { font-size: 2.3rem; margin: 0 0 1rem; text-align: center; line-height: 1.2; }
.reading { font-size: 3rem; font-weight: 700; text-align: center; margin: 1.5rem 0; }
.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.8rem;
  grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }
.card { background: #1a1a1a; border: 3px solid #888; border-left-width: 0.7rem;
  border-radius: 0.4rem; padding: 0.5rem 0.8rem; font-size: 1.35rem; }
.card .who { display: flex; justify-content: space-between; gap: 0.5rem; font-size: 0.95rem;
  font-weight: 700; margin-bottom: 0.2rem; color: #e0e0e0; }
.card .detail { margin: 0.3rem 0 0; font-size: 1rem; font-weight: 700; color: #e0e0e0; }
.rows { list-style: none; margin: 0; padding: 0; font-size: 1.3rem; }
.rows li { margin: 0.25rem 0; }
.tags { font-size: 1.2rem; font-weight: 700; margin: 0 0 0.8rem; }
.bars { list-style: none; margin: 0; padding: 0; font-size: 1.4rem; }
.bars li { display: grid; grid-template-columns: minmax(8rem, 24rem) 3rem 1fr; gap: 0.8rem;
  align-items: center; margin: 0.3rem 0; }
.bars .count { text-align: right; font-weight: 700; }
.bar { height: 1.4rem; background: #7fdbff; border-radius: 0.2rem; }
.summary, .note { font-size: 1.2rem; color: #e0e0e0; margin-top: 0.8rem; }
.term { font-size: 1.5rem; font-weight: 700; margin: 0.6rem 0 0.2rem; }
.meanings { list-style: none; margin: 0 0 0 1.2rem; padding: 0; font-size: 1.3rem; }
.waiting { font-size: 2rem; text-align: center; margin-top: 3rem; }
footer { padding: 0.3rem 1.2rem; font-size: 1rem; color: #e0e0e0; }
"""

_SCRIPT = """
(function () {
  var shown = document.body.getAttribute('data-version');
  // The room must see what it just said: when the cards run past the screen, the
  // oldest (last, since the newest come first) give way, and a line says how many.
  function fit() {
    var cards = document.querySelectorAll('.cards > .card');
    var more = document.getElementById('more');
    if (more) { more.remove(); }
    cards.forEach(function (card) { card.hidden = false; });
    function over() { return document.documentElement.scrollHeight > window.innerHeight; }
    var hidden = 0;
    for (var i = cards.length - 1; i > 0 && over(); i--) {
      cards[i].hidden = true;
      hidden += 1;
      if (hidden === 1) {
        more = document.createElement('p');
        more.id = 'more';
        more.className = 'note';
        document.querySelector('.cards').after(more);
      }
      more.textContent = '+ ' + hidden + ' more not shown for space';
    }
  }
  function look() {
    fetch('/view.json', {cache: 'no-store'}).then(function (r) { return r.json(); }).then(function (v) {
      if (v.version !== shown) {
        shown = v.version;
        document.getElementById('view').innerHTML = v.html;
        document.title = v.title;
        fit();
      }
    }).catch(function () {}).then(function () { setTimeout(look, 500); });
  }
  window.addEventListener('resize', fit);
  fit();
  setTimeout(look, 500);
})();
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _colour(index: int | None) -> str:
    return "#888" if index is None else GROUP_COLOURS[index % len(GROUP_COLOURS)]


def view_html(watch: SessionWatch) -> tuple[str, str]:
    """The page's changing part (header, main and footer) and its title."""
    if watch.session is None:
        body = (
            '<header><span>facilitate</span></header><main><h1 class="waiting">Waiting for the session file.</h1>'
            f'<p class="note">{_e(watch.problem)}</p></main>'
        )
        return body, "Waiting · facilitate"
    view = public_view(watch.session)
    problem = f'<p class="note">{_e(watch.problem)}</p>' if watch.problem else ""
    if view["state"] == "waiting":
        body = (
            f"<header><span>{_e(view['title'])}</span></header>"
            '<main><h1 class="waiting">Waiting for the facilitator to open a step.</h1>'
            f"{problem}</main>"
        )
        return body, f"{view['title']} · facilitate"
    step, timer = view["step"], view["timer"]
    parts = [
        "<header>",
        f"<span>{_e(view['exercise'])} · step {step['number']} of {step['of']}</span>",
        f'<span class="timer{" overtime" if timer["overtime"] else ""}">{_e(timer["text"])}</span>',
        "</header><main>",
        f"<h1>{_e(step['prompt'])}</h1>",
        _body(view),
        problem,
        "</main>",
    ]
    if view["state"] == "finished":
        parts.append("<footer><p>The agenda is done. Thank you.</p></footer>")
    return "".join(parts), f"{step['prompt']} · facilitate"


def _reading(reading: dict) -> str:
    """The answer being read back, large; a private one by its number only."""
    if reading["private"]:
        return f'<p class="reading">{_e(reading["line"])}</p>'
    who = f'<p class="note">{_e(reading["group"])}</p>' if reading["group"] else ""
    return (
        f'<p class="note">{_e(reading["line"])}</p>'
        f'<p class="reading">{reading["number"]}. {_e(reading["text"])}</p>{who}'
    )


def _body(view: dict) -> str:
    if view.get("readback"):
        return _reading(view["readback"])
    # The step's kind chose the layout and filled its data (kinds/*.py, `fill_public`).
    layout = view["layout"]
    name = layout["name"]
    out: list[str] = []
    if name == "cards":
        legend = layout.get("legend")
        if legend:
            names = " · ".join(f"{i} {_e(n)}" for i, n in enumerate(legend["names"], 1))
            out.append(f'<p class="tags">{_e(legend["label"])}: {names}</p>')
        if view["cards"]:
            out.append('<ul class="cards">')
            # The page hides cards from the end when the screen is full: those the kind
            # lets go first go last.
            first_give_way = layout.get("give_way") == "first"
            for card in reversed(view["cards"]) if first_give_way else view["cards"]:
                group = _e(card["group"] or "no group")
                beside = f"<span>{_e(card['detail'])}</span>" if layout.get("detail") == "beside" else ""
                # A detail below goes on a line of its own, so a long list of tags
                # never crowds the number and the group.
                below = ""
                if layout.get("detail") == "below":
                    below = f'<p class="detail">{_e(card["detail"] or layout.get("no_detail", ""))}</p>'
                out.append(
                    f'<li class="card" style="border-color: {_colour(card["group_index"])}">'
                    f'<div class="who"><span>{card["number"]} · '
                    f'<span style="color: {_colour(card["group_index"])}">{group}</span></span>{beside}</div>'
                    f"{_e(card['text'])}{below}</li>"
                )
            out.append("</ul>")
        elif not view["private"]:
            out.append(f'<p class="note">{_e(layout.get("empty", "Nothing yet."))}</p>')
        note = private_line(view["private"])
        if note:
            out.append(f'<p class="note">{_e(note)}</p>')
    elif name == "bars":
        most = max((bar["count"] for bar in view["bars"]), default=0) or 1
        out.append('<ul class="bars">')
        for bar in view["bars"]:
            share = round(bar["count"] / most * 100)
            out.append(
                f'<li><span>{_e(bar["label"])}</span><span class="count">{bar["count"]}</span>'
                f'<span class="bar" style="width: {share}%" aria-hidden="true"></span></li>'
            )
        out.append(f'</ul><p class="summary">{_e(view["summary"])}</p>')
    elif name == "terms":
        for term in view["terms"]:
            out.append(f'<p class="term">{_e(term["term"])}</p><ul class="meanings">')
            for m in term["meanings"]:
                out.append(
                    f'<li><strong style="color: {_colour(m["group_index"])}">{_e(m["group"] or "no group")}:</strong> '
                    f"{_e(m['meaning'])}</li>"
                )
            out.append("</ul>")
        if not view["terms"]:
            out.append(f'<p class="note">{_e(layout.get("empty", "Nothing yet."))}</p>')
    else:
        # Rows: a layout of a kind's own that the page does not know is drawn as its rows.
        rows = view.get("rows", [])
        if rows:
            tag = "ol" if layout.get("numbered") else "ul"
            out.append(f'<{tag} class="rows">')
            for row in rows:
                out.append(f"<li>{_e(row['text'])}{' (done)' if row['done'] else ''}</li>")
            out.append(f"</{tag}>")
        else:
            out.append(f'<p class="note">{_e(layout.get("empty", "Nothing yet."))}</p>')
    return "".join(out)


def page(watch: SessionWatch) -> str:
    body, title = view_html(watch)
    version = _e(_version(body))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head>"
        f'<body data-version="{version}"><div id="view">{body}</div>'
        f"<script>{_SCRIPT}</script></body></html>"
    )


def _version(body: str) -> str:
    import hashlib

    return hashlib.sha256(body.encode()).hexdigest()[:16]


CLIENT_TIMEOUT = 10.0


class _Follower:
    """The watcher shared by the server's threads; one reads the file at a time."""

    def __init__(self, path: Path):
        self.watch = SessionWatch(path)
        self.lock = threading.Lock()

    def fresh(self) -> SessionWatch:
        with self.lock:
            self.watch.poll()
        return self.watch


def make_server(path: Path, port: int = 0) -> ThreadingHTTPServer:
    """A server for the page, bound to 127.0.0.1 (port 0: any free port)."""
    follower = _Follower(path)

    class Handler(BaseHTTPRequestHandler):
        server_version = "facilitate"
        sys_version = ""
        # A viewer that sends nothing, or stops reading, for this long is let go: its
        # thread ends instead of waiting on it for ever.
        timeout = CLIENT_TIMEOUT

        def do_GET(self) -> None:  # noqa: N802 - the standard library's naming
            port = self.server.server_address[1]
            if self.headers.get("Host", "") not in (f"127.0.0.1:{port}", f"localhost:{port}"):
                # Another name resolving to this machine is a page elsewhere trying to
                # read this one (DNS rebinding): only this machine's own names are served.
                self.send_error(HTTPStatus.FORBIDDEN, f"Open the page at http://127.0.0.1:{port}/")
                return
            route = self.path.split("?", 1)[0]
            if route not in ("/", "/view.json"):
                self.send_error(HTTPStatus.NOT_FOUND, "Only / and /view.json are here.")
                return
            watch = follower.fresh()
            # The answer is made under the lock and sent after it is let go: a viewer
            # that stops reading holds up its own thread only, never every other viewer.
            with follower.lock:
                if route == "/":
                    data, kind = page(watch).encode(), "text/html; charset=utf-8"
                else:
                    body, title = view_html(watch)
                    answer = {"version": _version(body), "html": body, "title": title}
                    data, kind = json.dumps(answer).encode(), "application/json"
            self._send(data, kind)

        def _refuse(self) -> None:
            self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
            self.send_header("Allow", "GET")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _refuse  # noqa: N815

        def _send(self, data: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header(
                "Content-Security-Policy",
                "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'",
            )
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # the projector's terminal stays quiet

    server = _ProjectorServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    return server


class _ProjectorServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A viewer that closed its tab or stopped reading is let go without a word: the
        # terminal serving the page may be the one on the projector, and a traceback
        # there would say nothing the room needs. Any other fault is still printed.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


def serve(path: Path, port: int = 0, open_browser: bool = True, echo=print) -> None:
    """Serve until Ctrl-C, which passes up as KeyboardInterrupt."""
    server = make_server(path, port)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    echo(f"The projector page is at {url} (Ctrl-C stops it).")
    if open_browser:
        import webbrowser

        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            browser = None
        # A text-mode browser would take over this terminal: leave the address to be
        # opened by hand instead.
        if browser is None or (
            isinstance(browser, webbrowser.GenericBrowser) and not isinstance(browser, webbrowser.BackgroundBrowser)
        ):
            echo("No graphical browser was found: open the address above in one.")
        else:
            threading.Thread(target=browser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
