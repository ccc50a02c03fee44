"""Lets `python -m facilitate` behave exactly like the `facilitate` command."""

import sys

try:
    from facilitate.cli import main
except ModuleNotFoundError as exc:  # run from a checkout without installing it first
    if (exc.name or "").startswith("facilitate"):
        raise
    sys.exit(
        f"facilitate cannot start: the library {exc.name!r} is not installed. "
        "Install the tool first: python3 -m venv .venv && . .venv/bin/activate && pip install ."
    )

if __name__ == "__main__":  # a worker process importing this module must not run the app
    main()
