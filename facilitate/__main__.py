"""Lets `python -m facilitate` behave exactly like the `facilitate` command."""

from facilitate.cli import main

main()
