"""The terminal room: questionary prompts and rich views for `facilitate run`.

It implements the engine's Room interface. The facilitator's view prints each step
once and then a line per entry; the projector view (`--present`) redraws the screen
after each entry with the question, the answers as cards and the timer, and never
shows facilitator notes or the text of private answers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.text import Text

from facilitate.facilitation import ReadBack, Workshop, step_help
from facilitate.figures.timer import timer
from facilitate.format import count
from facilitate.kinds.base import StepContext
from facilitate.model import ExerciseRun
from facilitate.registry import kind_named
from facilitate.ui.text import safe_text
from facilitate.ui.views import Line, as_lines, print_lines, step_lines, terms_lines


def timer_text(exercise: ExerciseRun, at: dt.datetime | None = None) -> str:
    return timer(exercise, at).text


def fit_toolbar(title: str, status: str, width: int) -> str:
    """The timer always; then as much of the title as fits, cut between words."""
    for parts in ([title, status, "/help for commands"], [title, status]):
        text = " " + " · ".join(parts) + " "
        if len(text) <= width:
            return text
    room = width - len(status) - 6
    words, kept = title.split(), ""
    for word in words:
        if len(kept) + len(word) + 1 > room:
            break
        kept = f"{kept} {word}".strip()
    return f" {kept}… · {status} " if kept else f" {status} "


def facilitator_reminders(workshop: Workshop, ctx: StepContext) -> list[Line]:
    """What to keep in mind while typing a step: who can be named before a colon, and
    what a scale's numbers mean. For the facilitator's window only."""
    d = ctx.definition
    kind = kind_named(d.kind)
    lines = []
    groups = workshop.session.groups
    # The keys are shown wherever a line may start with one: the kind says where.
    if groups and kind.takes_group:
        keys = ", ".join(f"{g.key}: {g.name}" for g in groups)
        lines.append(Line(f"Group keys: {keys}", "dim"))
    lines.extend(Line(text, "dim") for text in kind.reminders(d))
    return lines


class TerminalRoom:
    """The real room: a facilitator typing at a laptop, maybe on a projector."""

    def __init__(
        self,
        console: Console,
        plain: bool = False,
        present: bool = False,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        self.console = console
        self.plain = plain
        self.present = present
        self.clock = clock
        self._last_message = ""
        # A Ctrl-C that came while a line was being saved or the screen drawn: honoured
        # at the next prompt, once what was being done is whole and its outcome known.
        self._interrupted = False
        # The line to type again after an interrupt, if the last one was not saved.
        self.unsaved: str | None = None
        # In --present, /help is drawn under the projector view until the next line,
        # rather than printed and wiped by the redraw at once.
        self._help: list[str] = []
        # Whether the line being typed is masked whole (a private answer's new wording
        # on a projector), so the words Ctrl-C leaves unsaved are masked too.
        self._typing_hidden = False

    @contextlib.contextmanager
    def interrupts_held(self) -> Iterator[None]:
        """While the walk runs, Ctrl-C never breaks into a save or a redraw: it is noted
        and the walk stops at the next prompt (KeyboardInterrupt from read_line), with
        `unsaved` naming the line that was not saved, if any."""
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def note(signum: int, frame: object) -> None:
            self._interrupted = True

        previous = signal.signal(signal.SIGINT, note)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    # --- the engine's interface ------------------------------------------------------

    def open_exercise(self, workshop: Workshop, exercise: ExerciseRun) -> None:
        d = exercise.definition
        if self.present:
            return  # the projector view shows the exercise title with every step
        self.console.print()
        self.console.rule(Text(d.title, style="bold"), characters="=" if self.plain else "━")
        self.console.print(
            Text(f"{count(d.minutes, 'minute')} · {count(len(d.steps), 'step')} · {timer_text(exercise, self._now())}")
        )
        if d.intro:
            self.console.print(Text("Read aloud:", style="italic"))
            # Paragraphs are reflowed to the screen, however the YAML wrapped them.
            paragraphs = [" ".join(p.split()) for p in d.intro.strip().split("\n\n")]
            print_lines(self.console, [Line(p) for p in paragraphs], indent=2)

    def open_step(self, workshop: Workshop, ctx: StepContext) -> None:
        self._last_message = ""
        if self.present:
            return
        d = ctx.definition
        steps = ctx.exercise.definition.steps
        number = steps.index(d) + 1
        self.console.print()
        self.console.print(Text(f"Step {number} of {len(steps)}: {d.prompt}", style="bold"))
        if d.hint:
            print_lines(self.console, [Line(d.hint, "italic")], indent=2)
        print_lines(self.console, facilitator_reminders(workshop, ctx), indent=2)
        print_lines(self.console, as_lines(workshop.session, kind_named(d.kind).introduce(d)), indent=2)
        carried = workshop.carried.get((ctx.exercise.id, d.id))
        if carried:
            lines = [Line(f"Last time in {workshop.earlier_label}; /carry N brings one forward:", "italic")]
            lines += [
                Line(
                    f"{i}. {c.text}"
                    + (f"  ({c.group})" if c.group else "")
                    + (f"  {count(c.votes, 'dot')}" if c.votes else ""),
                    "dim",
                )
                for i, c in enumerate(carried, 1)
            ]
            print_lines(self.console, lines, indent=2)
        kind = kind_named(d.kind)
        if not kind.lists_on_opening:
            return  # what `introduce` listed above is the step's whole record
        if kind.opening_heading:
            print_lines(self.console, [Line(kind.opening_heading, "bold")], indent=2)
            # The legend was listed with its descriptions just above; no second list.
            self._captured(workshop, ctx, legend=False, indent=4)
            return
        self._captured(workshop, ctx)

    def read_line(self, workshop: Workshop, ctx: StepContext, refusal: str | None, draft: str) -> str:
        import questionary

        # The walk comes back here after every line: a refusal means the line (kept as
        # the draft) is not in the file; no refusal means it was saved or needed no save.
        self.unsaved = draft.strip() or None if refusal else None
        if self._interrupted:
            raise KeyboardInterrupt
        if self.present:
            self._draw_projector(workshop, ctx)
        if refusal:
            if self.present and draft.strip():
                # The redraw wiped the line as typed: it is shown again above the prompt,
                # a note or a private line masked.
                from facilitate.ui.mask import masked

                self.console.print(Text(f"› {safe_text(masked(draft.strip()))}", style="dim"))
            # The refused line stays above the prompt (and Up brings it back to correct);
            # the prompt itself starts empty, so nothing typed next is added to it.
            self.console.print(Text(f"Not saved: {refusal}", style="bold red"))

        exercise = workshop.context(ctx.exercise.id, ctx.definition.id).exercise
        options: dict = {"default": "", "qmark": "›"}
        if self.present:
            from facilitate.ui.mask import MaskPrivateLines

            options["input_processors"] = [MaskPrivateLines()]
        if self.plain:
            message = f"[{timer_text(exercise, self._now())}]"
            options["style"] = questionary.Style([("", "noinherit")])
        else:
            message = ""
            options["bottom_toolbar"] = lambda: self._toolbar(workshop, ctx)
            options["refresh_interval"] = 5
        options["key_bindings"] = self._interrupt_keys(recall=draft if refusal else "")
        app = questionary.text(message, **options).application
        # An interrupt noted just before the prompt took the keyboard (pre_run), or
        # while it was still in cooked mode (the first draws), stops it at once.
        app.after_render += lambda sender: self._stop_if_interrupted(app)
        # Our own handler stays in place: prompt_toolkit's would forward a late signal
        # to an application that has already finished, and it would be lost.
        answer = app.run(pre_run=lambda: self._stop_if_interrupted(app), handle_sigint=False)
        return answer if answer is not None else ""

    def _stop_if_interrupted(self, app) -> None:  # noqa: ANN001 - a prompt_toolkit Application
        if self._interrupted and app.future is not None and not app.future.done():
            self.unsaved = app.current_buffer.text.strip() or self.unsaved
            app.exit(exception=KeyboardInterrupt, style="class:aborting")

    def _interrupt_keys(self, recall: str = ""):  # -> KeyBindings
        """Ctrl-C stops the walk; with `recall` (a refused line), Up at an empty prompt
        brings it back to correct."""
        from prompt_toolkit.key_binding import KeyBindings

        keys = KeyBindings()

        if recall:

            @keys.add("up", eager=True)
            def _recall(event) -> None:  # noqa: ANN001
                buffer = event.app.current_buffer
                if not buffer.text:
                    buffer.insert_text(recall)

        @keys.add("c-c", eager=True)
        @keys.add("<sigint>", eager=True)
        def _(event) -> None:  # noqa: ANN001
            app = event.app
            if app.future is None or app.future.done():
                # Typed just after Enter, in the same burst: the line is on its way to
                # being saved; stop once it is (at the next prompt).
                self._interrupted = True
                return
            # An empty prompt after a refusal: the refused line is still the one not saved.
            self.unsaved = app.current_buffer.text.strip() or self.unsaved
            app.exit(exception=KeyboardInterrupt, style="class:aborting")

        return keys

    def say(self, message: str, public: str | None = None) -> None:
        # The projector's footer gets the wording that never quotes an answer.
        self._last_message = public or message
        if not self.present:
            self.console.print(Text(f"  {message}", style="green"))

    def aside(self, message: str) -> None:
        # The facilitator's window only: a one-screen projector never shows it.
        if not self.present:
            self.console.print(Text(f"  {message}", style="yellow"))

    def offer_readback(self, workshop: Workshop, exercise: ExerciseRun, waiting: int) -> bool:
        self.console.print()
        question = f"Read the {count(waiting, 'answer')} of “{exercise.definition.title}” back to the room?"
        self.console.print(Text(question, style="bold"))
        self.console.print(Text("Enter: read them back · n: skip", style="dim"))
        return self._one_key({"enter": True, "n": False, "N": False, "escape": False}) is True

    def read_back(self, workshop: Workshop, item: ReadBack) -> str:
        keys = "Enter: confirmed · e: amend · w: withdraw · q: stop the read-back (a key, then Enter)"
        if self.present:
            self._last_message = keys
            self._draw_projector(workshop, None)
            if item.private:
                # The words stay off the projector; the prompt line under it is the
                # facilitator's, and says only where to read them.
                self.console.print(Text(f"Private answer {item.number}: read it from your own notes.", style="dim"))
        else:
            where = workshop.context(item.exercise, item.step).definition.prompt
            self.console.print()
            self.console.print(Text(f"Read back {item.place} of {item.of} · {where}", style="dim"))
            said = f"{item.number}. {item.text}" + (f"  ({item.group})" if item.group else "")
            self.console.print(Text(said + ("  [private: not on the projector]" if item.private else ""), style="bold"))
            self.console.print(Text(keys, style="dim"))
        # A key, then Enter, as at every other prompt: a key alone never acts.
        words = {"": "confirm", "confirm": "confirm", "e": "amend", "amend": "amend"}
        words.update({"w": "withdraw", "withdraw": "withdraw", "q": "stop", "stop": "stop"})
        while True:
            said = self._ask().strip().lower()
            if said == "/quit":
                raise EOFError("/quit")
            choice = words.get(said)
            if choice is None:
                self.console.print(
                    Text("Type e, w or q and press Enter, or press Enter alone to confirm.", style="red")
                )
                continue
            if choice == "withdraw":
                self.console.print(Text(f"Withdraw answer {item.number}? y/n", style="bold"))
                if self._ask().strip().lower() not in ("y", "yes"):
                    self.console.print(Text(f"Answer {item.number} is not withdrawn. {keys}", style="dim"))
                    continue
            return choice

    def new_wording(self, workshop: Workshop, item: ReadBack) -> str:
        hidden = item.private and self.present
        if hidden:
            # On the wall: neither the old words nor the new ones as they are typed.
            self.console.print(
                Text(
                    f"Private answer {item.number}: type the room's new wording (hidden here), "
                    "or an empty line to keep it as it was.",
                    style="bold",
                )
            )
        else:
            self.console.print(Text(f"Was: {item.text}", style="dim"))
            self.console.print(Text("The room's new wording (an empty line keeps it as it was):", style="bold"))
        return self._ask(hidden=hidden)

    def _ask(self, hidden: bool = False) -> str:
        """One line typed at a plain prompt, empty to begin with; `hidden` masks it as
        typed (and in the message if Ctrl-C stops it) for the projector."""
        import questionary

        if self._interrupted:
            raise KeyboardInterrupt
        options: dict = {"default": "", "qmark": "›"}
        if self.plain:
            options["style"] = questionary.Style([("", "noinherit")])
        if hidden:
            from facilitate.ui.mask import MaskPrivateLines

            options["input_processors"] = [MaskPrivateLines(whole=True)]
        options["key_bindings"] = self._interrupt_keys()
        # Left set if Ctrl-C stops the prompt: the message that follows masks the line.
        self._typing_hidden = hidden
        app = questionary.text("", **options).application
        app.after_render += lambda sender: self._stop_if_interrupted(app)
        answer = app.run(pre_run=lambda: self._stop_if_interrupted(app), handle_sigint=False)
        self._typing_hidden = False
        return answer or ""

    def unsaved_as_shown(self) -> str | None:
        """The line Ctrl-C left unsaved, as this screen may show it: on a projector, a
        note, a `!` line or the new wording of a private answer stays masked."""
        if self.unsaved is None or not self.present:
            return self.unsaved
        from facilitate.ui.mask import masked

        return masked(self.unsaved, whole=self._typing_hidden)

    def _one_key(self, keymap: dict):  # -> the value of the key pressed
        """Wait for one of the keys in `keymap` and return what it stands for; Ctrl-C
        stops the walk as at any prompt."""
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import Layout
        from prompt_toolkit.layout.containers import Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        if self._interrupted:
            raise KeyboardInterrupt
        keys = KeyBindings()
        for key, value in keymap.items():
            # Enter typed before this prompt took the terminal arrives as a newline
            # (the terminal was still translating it), so both mean Enter.
            for name in ("c-m", "c-j") if key == "enter" else (key,):
                keys.add(name, eager=True)(lambda event, v=value: event.app.exit(result=v))

        @keys.add("c-c", eager=True)
        @keys.add("<sigint>", eager=True)
        def _(event) -> None:  # noqa: ANN001
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        app = Application(
            layout=Layout(Window(FormattedTextControl("› "), height=1)), key_bindings=keys, full_screen=False
        )
        return app.run(handle_sigint=False)

    def show(self, what: str, workshop: Workshop, ctx: StepContext) -> None:
        if what == "terms":
            lines = terms_lines(workshop.shared_terms())
            if self.present:
                self._help = [line.text for line in lines]
            else:
                print_lines(self.console, lines, indent=2)
            return
        if what == "list":
            if not self.present:
                self._captured(workshop, ctx)
        elif what == "help" and self.present:
            self._help = step_help(ctx.definition)
        elif what == "help":
            print_lines(self.console, [Line(text) for text in step_help(ctx.definition)], indent=2)
        elif what == "time":
            self.console.print(Text(f"  {ctx.exercise.definition.title}: {timer_text(ctx.exercise, self._now())}"))

    def remind(self, label: str, actions: list) -> None:
        """Actions agreed last time and not yet done, each with its number, shown as
        the session starts."""
        if not actions:
            return
        self.console.print(Text(f"Agreed in {label} and not yet marked done:", style="bold"))
        lines = [
            Line(f"{i}. {a.action}" + (f" ({a.owner})" if a.owner else "") + (f", due {a.due}" if a.due else ""))
            for i, a in actions
        ]
        print_lines(self.console, lines, indent=2)

    def stopped(self, session_id: str) -> str:
        """What Ctrl-C in `run` says: whether the line being typed was saved, and how
        to resume. On the projector a note, a private line or a private answer's new
        wording stays masked."""
        resume = f"Resume with: facilitate run {session_id}"
        if not self.unsaved:
            return f"Stopped; everything typed is saved. {resume}"
        unsaved = self.unsaved_as_shown()
        said = safe_text(f"Stopped; the last line was not saved: {unsaved!r}. Type it again when you resume")
        return f"{said}; everything before it is saved. {resume}"

    def finished(self, workshop: Workshop) -> None:
        session = workshop.session
        self.console.print()
        self.console.print(Text("The agenda is done and everything is saved.", style="bold"))
        self.console.print(Text(f"See what the room said: facilitate summary {session.id}"))

    # --- helpers ---------------------------------------------------------------------

    def _now(self) -> dt.datetime | None:
        return self.clock() if self.clock else None

    def _toolbar(self, workshop: Workshop, ctx: StepContext) -> str:
        import shutil

        exercise = workshop.context(ctx.exercise.id, ctx.definition.id).exercise
        now = timer(exercise, self._now())
        status = ("OVERTIME · " if now.overtime else "") + now.text
        return fit_toolbar(exercise.definition.title, status, shutil.get_terminal_size().columns)

    def _captured(self, workshop: Workshop, ctx: StepContext, legend: bool = True, indent: int = 2) -> None:
        fresh = workshop.context(ctx.exercise.id, ctx.definition.id)
        lines = step_lines(workshop.session, fresh.exercise, fresh.definition, legend)
        print_lines(self.console, lines, indent=indent)

    def _draw_projector(self, workshop: Workshop, ctx: StepContext | None) -> None:
        """The projector: the step being typed, or with no step, wherever the session
        says the facilitator is (an answer being read back)."""
        from facilitate.public import public_view
        from facilitate.ui.present import projector_view

        if ctx is None:
            view = public_view(workshop.session, at=self._now())
        else:
            view = public_view(workshop.session, ctx.exercise.id, ctx.definition.id, self._now())
        aside, self._help = self._help, []
        self.console.clear()
        height = self.console.height - 3 - (len(aside) + 1 if aside else 0)
        self.console.print(projector_view(view, self.console.width, height, self._last_message, self.plain))
        if aside:
            print_lines(self.console, [Line(text, "dim") for text in aside], indent=0)


def run_in_terminal(
    path,
    exercise: str | None,
    console: Console,
    *,
    plain: bool,
    present: bool,
    folder,
) -> bool:
    """`facilitate run` on the session at `path`, held for the whole walk. Returns
    False when Ctrl-C stopped it, after saying what was saved and how to resume."""
    from facilitate import store
    from facilitate.facilitation import save_to
    from facilitate.folder import offer_earlier, register
    from facilitate.ui.listing import open_catalogue
    from facilitate.walk import walk

    with store.session_lock(path, "facilitate run", wait=0):
        workshop = Workshop(store.load_session(path), save_to(path))
        if exercise is not None:
            workshop.session.exercise(exercise)  # an unknown id is refused before anything else
        room = TerminalRoom(console, plain=plain, present=present)
        workshop.register = register(lambda: open_catalogue(folder, plain, say_skipped=False), workshop.session.id)
        if offer_earlier(workshop, folder) is not None:
            room.remind(workshop.earlier_label, workshop.reminders)
        try:
            with room.interrupts_held():
                walk(workshop, room, exercise)
        except (KeyboardInterrupt, EOFError):
            import typer

            console.print()
            typer.echo(room.stopped(workshop.session.id), err=True)
            return False
    return True
