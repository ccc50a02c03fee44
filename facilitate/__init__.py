"""facilitate: capture what a workshop room says, summarise it and share it."""

__version__ = "0.1.0"
