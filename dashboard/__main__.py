"""``python -m dashboard``: serve the dashboard (what ``make run`` does)."""

from .serving import main

main()
