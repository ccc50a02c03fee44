"""Lets `python -m facilitate` behave exactly like the `facilitate` command."""

from facilitate.cli import main

if __name__ == "__main__":  # a worker process importing this module must not run the app
    main()
