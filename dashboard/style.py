"""The page's CSS: a sidebar of fixed width whose content wraps (it never covers the main
area), and the projector's large font (chart text is scaled by ``charts.font_config``)."""

from __future__ import annotations

#: the sidebar's width in pixels: Solara pads the main area by this much
SIDEBAR = 400

PAGE_CSS = f"""
.indicators .v-card__title {{ word-break: normal; }}
.v-navigation-drawer {{ width: {SIDEBAR}px !important; max-width: {SIDEBAR}px !important; }}
.v-navigation-drawer__content {{ overflow-x: hidden; }}
.v-navigation-drawer .v-card, .v-navigation-drawer .v-alert {{ max-width: 100%;
    overflow-wrap: anywhere; white-space: normal; }}
.v-navigation-drawer .v-btn-toggle {{ flex-wrap: wrap; max-width: 100%; }}
.v-navigation-drawer .v-select__selections, .v-navigation-drawer .v-label {{
    max-width: 100%; white-space: normal; }}
.v-navigation-drawer .v-input__slider .v-input__slot {{ flex-wrap: wrap; }}
.v-navigation-drawer .v-input__slider .v-label {{ flex: 1 0 100%; height: auto;
    margin-bottom: 2px; }}
.solara-content-main .v-alert {{ white-space: pre-wrap; }}
.indicators [class*="indicator-"] {{ font-size: 1.4em; font-weight: bold; }}
.v-application .teaching li {{ margin-bottom: 0.2em; }}
"""

#: the projector: cards, story and controls at least a quarter larger
LARGE_FONT_CSS = """
.v-application { font-size: 125% !important; }
.v-application .v-label, .v-application .v-btn { font-size: 110% !important; }
.v-application .v-card__title { font-size: 1.6rem !important; line-height: 2.2rem; }
.v-application .v-card__text, .v-application .story, .v-application .story li,
.v-application .teaching { font-size: 1.25rem !important; line-height: 1.6; }
.v-application .indicators [class*="indicator-"] { font-size: 1.9rem !important; }
"""
