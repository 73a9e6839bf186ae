"""`python -m assistant` runs the `boardqa` command."""
from .cli import main

main()
