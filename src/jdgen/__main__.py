"""``python -m jdgen``."""

from .cli import main

main()
