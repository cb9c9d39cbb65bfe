"""How the dashboard is served (dashboard/serving.py), without a server."""

import pytest
import solara.server.cdn_helper as cdn
import solara.server.settings as settings

from dashboard import serving


@pytest.fixture
def solara_settings(monkeypatch):
    monkeypatch.delenv("SOLARA_KERNEL_CULL_TIMEOUT", raising=False)
    monkeypatch.setattr(settings.telemetry, "mixpanel_enable", True)
    monkeypatch.setattr(settings.kernel, "cull_timeout", "24h")
    monkeypatch.setattr(cdn, "fetch_from_cdn", cdn.fetch_from_cdn)
    return settings


def test_keep_private_turns_off_telemetry_and_cdn_fetches_and_culls_idle_sessions(
        solara_settings, tmp_path):
    serving.keep_private()
    assert solara_settings.telemetry.mixpanel_enable is False
    assert solara_settings.kernel.cull_timeout == serving.IDLE_SESSION == "15m"
    assert solara_settings.theme.show_banner is False   # it covered the heatmap (issue 15)
    with pytest.raises(serving.MissingAsset, match="not among the offline assets"):
        cdn.get_path(tmp_path, "left-pad@1.3.0/index.js")
    assert not any(tmp_path.iterdir()), "nothing written into the asset cache"


def test_an_explicit_cull_timeout_is_kept(solara_settings, monkeypatch):
    monkeypatch.setenv("SOLARA_KERNEL_CULL_TIMEOUT", "1h")
    serving.keep_private()
    assert solara_settings.kernel.cull_timeout == "24h"   # solara read the variable itself
