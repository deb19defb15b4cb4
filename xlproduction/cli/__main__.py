"""``python -m xlproduction.cli``."""

from . import main

main()
