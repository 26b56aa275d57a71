"""``python -m kgraph``."""

from .cli import app

app(prog_name="python -m kgraph")
