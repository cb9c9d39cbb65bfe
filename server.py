"""The dashboard: `solara run server.py` (or `make run`). One model per browser session."""

from dashboard.app import Page  # noqa: F401  — solara serves the component named Page
