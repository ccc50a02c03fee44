"""The step kinds, one module each, on their own vocabulary: `base.py` (what every
kind provides, the step context and the one `Undo`), `shapes.py` (the records every
kind fills for figures, digests and rows) and `numbers.py` (numbers as the room types
them). A kind imports only these, the ground floor and the model; the registry that
finds a kind by its name is `facilitate/registry.py`.
"""
