"""``python -m xlproduction``: the command line, for a Python whose scripts folder is not on the PATH."""

from .cli import main

main()
