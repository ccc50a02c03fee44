"""The terminal layer: the only code that draws on or reads from the terminal."""
