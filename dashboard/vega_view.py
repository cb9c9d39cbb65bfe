"""A Vega-Lite chart that stays alive in the browser and takes new data in place.

Solara's own ``VegaLite`` widget rebuilds the whole Vega view (after a 100 ms debounce) each
time its spec changes, and a spec with the data inlined changes every simulated year. This
widget is embedded once per ``spec`` (which changes only with the view: great powers, log
scale, compare overlay); each year only ``datasets`` travel, and the browser swaps them into
the live view with a Vega changeset. After drawing, the chart's element carries
``data-revision`` = the ``revision`` it shows, so a test or benchmark can wait for the charts
themselves rather than for other text on the page.

The spec and the datasets reach the widget as JSON text, not as dicts: on every redraw
reacton walks each dict and list in an element's arguments looking for child elements, and
the map's spec inlines the world's TopoJSON (tens of thousands of numbers) — walking and
comparing it took most of a Step's server time. A string is neither walked nor compared
deeply, and a spec's text is made once (:func:`spec_text`).
"""

from __future__ import annotations

import json
from pathlib import Path

import ipyvuetify as v
import traitlets

#: spec → its JSON text, keyed by the spec object (the chart modules build each spec once and
#: keep it; the entry holds the spec, so its id is not reused while cached)
_TEXTS: dict[int, tuple[dict, str]] = {}
#: entries kept before the cache starts afresh (a page shows 8 specs per view)
MAX_TEXTS = 256


def spec_text(spec: dict) -> str:
    """``spec`` as JSON text, made once per spec object (specs are never changed in place)."""
    hit = _TEXTS.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    if len(_TEXTS) >= MAX_TEXTS:
        _TEXTS.clear()
    text = json.dumps(spec)
    _TEXTS[id(spec)] = (spec, text)
    return text


class VegaView(v.VuetifyTemplate):
    template_file = str(Path(__file__).with_name("vega_view.vue"))
    #: the Vega-Lite spec (data referenced by name) as JSON text
    spec_json = traitlets.Unicode("{}").tag(sync=True)
    #: the named datasets as JSON text: one string for Solara to compare and send, instead of
    #: hundreds of small dicts it would walk on every redraw
    datasets = traitlets.Unicode("{}").tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    cdn = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    @property
    def spec(self) -> dict:
        """The spec shown, as a dict (for tests and readers on the server)."""
        return json.loads(self.spec_json)

    @traitlets.default("cdn")
    def _cdn(self):
        import solara.settings

        # the same place Solara's own widgets load Vega from (the offline assets, served by
        # Solara's own asset proxy: scripts/offline_assets.sh)
        return None if solara.settings.assets.proxy else solara.settings.assets.cdn


def Chart(chart, revision: int = 0):
    """Show a ``charts.ChartData``; ``revision`` names the data shown (the model's year).

    A plain function making the widget's element, not a component: a component's arguments
    (here the chart's dicts) are walked by reacton on every redraw."""
    return VegaView.element(spec_json=spec_text(chart.spec), datasets=json.dumps(chart.datasets),
                            revision=revision)
