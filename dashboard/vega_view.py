"""A Vega-Lite chart that stays alive in the browser and takes new data in place.

Solara's own ``VegaLite`` widget rebuilds the whole Vega view (after a 100 ms debounce) each
time its spec changes, and a spec with the data inlined changes every simulated year. This
widget is embedded once per ``spec`` (which changes only with the view: great powers, log
scale, compare overlay); each year only ``datasets`` travel, and the browser swaps them into
the live view with a Vega changeset. After drawing, the chart's element carries
``data-revision`` = the ``revision`` it shows, so a test or benchmark can wait for the charts
themselves rather than for other text on the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import ipyvuetify as v
import solara
import traitlets


class VegaView(v.VuetifyTemplate):
    template_file = str(Path(__file__).with_name("vega_view.vue"))
    spec = traitlets.Dict().tag(sync=True)
    #: the named datasets as JSON text: one string for Solara to compare and send, instead of
    #: hundreds of small dicts it would walk on every redraw
    datasets = traitlets.Unicode("{}").tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    cdn = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    @traitlets.default("cdn")
    def _cdn(self):
        import solara.settings

        # the same place Solara's own widgets load Vega from (the offline assets, served by
        # Solara's own asset proxy: scripts/offline_assets.sh)
        return None if solara.settings.assets.proxy else solara.settings.assets.cdn


@solara.component
def Chart(chart, revision: int = 0):
    """Show a ``charts.ChartData``; ``revision`` names the data shown (the model's year)."""
    return VegaView.element(spec=chart.spec, datasets=json.dumps(chart.datasets),
                            revision=revision)
