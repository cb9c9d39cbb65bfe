"""`armsrace report` and the analysis behind it, on a small real sweep (model/experiments/report.py,
model/experiments/analysis.py)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.cli.main import main
from model.experiments import analysis
from model.experiments.batch import read_results, run_sweep
from model.experiments.report import build_report

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    sweep = tmp / "cbm.yaml"
    sweep.write_text(f"name: CBM test\ndescription: Confidence-building <measures> & crises.\n"
                     f"scenario: {BASELINE}\nyears: 6\nreplications: 5\nseed: 3\n"
                     "grid:\n  confidence_building: [0.0, 0.9]\n")
    return run_sweep(sweep, tmp / "res", workers=1, progress=False)


def test_report_writes_a_page_with_its_charts_and_table(results, tmp_path):
    page = build_report(results, tmp_path / "rep")
    html = page.read_text()
    for name in ("fan_milex.png", "events.png", "guns_butter.png", "final.png"):
        png = tmp_path / "rep" / name
        assert png.read_bytes()[:8] == PNG and png.stat().st_size > 5_000
        assert f'src="{name}"' in html
    assert "CBM test" in html and "&lt;measures&gt; &amp; crises" in html   # escaped
    table = pd.read_csv(tmp_path / "rep" / "summary.csv")
    assert list(table.point) == [0, 1] and list(table.runs) == [5, 5]
    assert list(table.confidence_building) == [0.0, 0.9]
    for col in ("regional_milex_median", "Armenia_milex_mean", "Armenia_burden_median",
                "Azerbaijan_cumulative_milex_median", "Armenia_foregone_health_years_median",
                "crises_per_run", "p_war", "honoured_share"):
        assert col in table and table[col].notna().all(), col
    assert "<table" in html and "Partial results" not in html
    assert "scripts history up to 2025" in html     # the baseline's events run to 2025


def test_cli_report_default_folder_and_bad_input(results, capsys, tmp_path):
    assert main(["report", str(results)]) == 0
    assert (results / "report" / "index.html").exists()
    assert "4 charts" in capsys.readouterr().out
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "not a results folder" in err and "Traceback" not in err
    assert main(["report", str(results), "--measure", "milexx"]) == 2
    assert "--measure: milexx: allowed: milex" in capsys.readouterr().err


def test_fan_quantiles_are_ordered_and_match_numpy(results):
    df = read_results(results)
    q = analysis.fan(df, "milex")
    cols = ["q05", "q25", "q50", "q75", "q95"]
    assert (np.diff(q[cols].to_numpy(), axis=1) >= -1e-12).all()
    assert len(q) == 8 * 7
    arm = df[(df.state == "Armenia") & (df.year == 2026)].milex
    row = q[(q.state == "Armenia") & (q.year == 2026)].iloc[0]
    assert np.isclose(row.q50, np.median(arm)) and np.isclose(row.q05, np.quantile(arm, 0.05))


def test_event_probabilities_are_shares_of_runs(results):
    df = read_results(results)
    p = analysis.event_probability(df, "crises", by=("point",))
    assert p.runs.eq(5).all() and p.p_by_then.dropna().between(0, 1).all()
    assert p.p_year.dropna().between(0, 1).all() and p.p_year.isna().sum() == 2   # start year
    for _, g in p.groupby("point"):
        assert g.p_by_then.dropna().is_monotonic_increasing
        assert g.p_by_then.isna().sum() == 1                     # the start year
    w = analysis.world_rows(df)
    last = w[w.year == 2026].groupby("point").crises.apply(lambda s: (s > 0).mean())
    assert np.allclose(p[p.year == 2026].set_index("point").p_by_then, last)


def test_run_metric_and_its_mistakes(results):
    df = read_results(results)
    r = analysis.run_metric(df, "Armenia.burden")
    final = df[(df.state == "Armenia") & (df.year == 2026)].set_index("run_id").burden
    assert np.allclose(r.set_index("run_id").value, final)
    assert len(analysis.point_metric(df, "crises", "mean")) == 2
    from model.scenario.input_errors import UsageError
    for bad, says in [("milex", "write STATE.milex"), ("Armenai.milex", "unknown state"),
                      ("Armenia.milx", "unknown state measure"), ("peace", "unknown metric")]:
        with pytest.raises(UsageError, match=says):
            analysis.run_metric(df, bad)


def test_a_partial_or_final_year_only_result_still_reports(tmp_path):
    sweep = tmp_path / "s.yaml"
    sweep.write_text(f"name: fin\ndescription: Final year only.\nscenario: {BASELINE}\nyears: 3\n"
                     "seed: 1\nsample:\n  method: latin\n  n: 50\n  bounds:\n"
                     "    war_cost: [0.5, 3]\n    crisis_rate: [0, 0.6]\n"
                     "outputs:\n  years: final\n")
    out = run_sweep(sweep, tmp_path / "r", workers=1, progress=False)
    next((out / "parts").glob("part-000001-*.parquet")).unlink()
    m = (out / "manifest.json").read_text().replace('"complete"', '"interrupted"')
    (out / "manifest.json").write_text(m)
    page = build_report(out)
    html = page.read_text()
    assert "Partial results" in html and "Only the final year" in html
    assert (page.parent / "final.png").exists() and not (page.parent / "fan_milex.png").exists()


def test_scripted_history_is_shaded_and_not_counted(tmp_path):
    """The baseline scripts events to 2025 (the 2023 war among them): the table counts only what the model does
    after its last scripted year, and the page says so."""
    sweep = tmp_path / "h.yaml"
    sweep.write_text(f"name: hist\ndescription: History then projection.\nscenario: {BASELINE}"
                     "\nyears: 8\nreplications: 6\nseed: 5\n")
    out = run_sweep(sweep, tmp_path / "r", workers=1, progress=False)
    from model.experiments.batch import read_manifest
    assert read_manifest(out)["history_until"] == 2025
    df = read_results(out)
    w = analysis.world_rows(df)
    at = w.set_index(["run_id", "year"]).wars
    expected = [at[(r, 2028)] - at[(r, 2025)] for r in range(6)]
    assert list(analysis.new_events(df, "wars", since=2025).new) == expected
    assert list(analysis.new_events(df, "wars").new) == [at[(r, 2028)] - at[(r, 2020)]
                                                         for r in range(6)]
    assert all(at[(r, 2025)] - at[(r, 2020)] >= 1 for r in range(6))   # the scripted 2023 war
    p = analysis.event_probability(df, "wars", since=2025)
    assert p[p.year <= 2025].p_by_then.isna().all()
    assert np.isclose(p[p.year == 2028].p_by_then.iloc[0], np.mean(np.array(expected) > 0))
    page = build_report(out, tmp_path / "rep")
    table = pd.read_csv(tmp_path / "rep" / "summary.csv")
    assert np.isclose(table.wars_per_run.iloc[0], np.mean(expected))
    assert "scripts history up to 2025" in page.read_text()


def test_cli_report_exits_2_with_one_line_when_the_table_cannot_be_read(tmp_path, capsys):
    sweep = tmp_path / "s.yaml"
    sweep.write_text(f"name: bad\ndescription: A table that breaks.\nscenario: {BASELINE}\n"
                     "years: 2\nreplications: 4\nseed: 2\nchunk_size: 2\n")
    out = run_sweep(sweep, tmp_path / "r", workers=1, progress=False)
    broken = sorted((out / "parts").glob("part-*.parquet"))[1]
    broken.write_bytes(b"PAR1 not a parquet file at all")
    assert main(["report", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"{broken}: cannot read it (") and "--resume" in err


def _summary_cells(html_text):
    """The page's summary table: its header cells and its rows (label cell, value cells)."""
    import re
    table = html_text[html_text.index('<table class="summary">'):]
    table = table[:table.index("</table>")]
    heads = re.findall(r"<th>(.*?)</th>", table[:table.index("</thead>")])
    rows = [re.findall(r"<t[hd]>(.*?)</t[hd]>", r) for r in
            re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody>"):])]
    return heads, rows


def test_summary_reads_one_column_per_point_with_one_format_per_measure(results, tmp_path):
    """Issue 15 (8): the page's table was 19 columns wide with mixed number formats. A few
    points: one row per measure, one column per point; numbers never in e-notation."""
    html = build_report(results, tmp_path / "rep").read_text()
    heads, rows = _summary_cells(html)
    assert heads == ["", "confidence_building=0", "confidence_building=0.9"]
    assert all(len(r) == 3 for r in rows)
    label = {r[0]: r[1:] for r in rows}
    assert label["Runs"] == ["5", "5"]
    assert all(v.endswith("%") for v in label["Armenia: burden (% of GDP), median"])
    assert all(v.endswith(" bn") for v in label["Region: spending, median"])
    assert "Azerbaijan: spending to date, median" in label and "P(a war)" in label
    assert not any("e+" in v or "e-" in v for r in rows for v in r[1:])


def test_summary_of_many_points_keeps_a_few_columns(tmp_path):
    sweep = tmp_path / "s.yaml"
    sweep.write_text(f"name: many\ndescription: Many points.\nscenario: {BASELINE}\nyears: 2\n"
                     "seed: 1\nsample:\n  method: latin\n  n: 9\n  bounds:\n"
                     "    war_cost: [0.5, 3]\n")
    html = build_report(run_sweep(sweep, tmp_path / "r", workers=1, progress=False)).read_text()
    heads, rows = _summary_cells(html)
    assert heads == ["point", "war_cost", "Region: spending, median", "Crises per run",
                     "P(a war)"]
    assert len(rows) == 9 and all(len(r) == 5 for r in rows)


def test_chart_legends_sit_below_the_panels_not_on_the_data(results, tmp_path, monkeypatch):
    """Issue 15 (8): legends drawn inside a panel covered its lines."""
    from model.experiments import report
    figures = []
    monkeypatch.setattr(report, "_save", lambda fig, path, caption: figures.append(fig) or
                        (path.name, caption))
    build_report(results, tmp_path / "rep")
    checked = 0
    for fig in figures:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for legend in [*fig.legends, *(a.get_legend() for a in fig.axes if a.get_legend())]:
            box = legend.get_window_extent(renderer)
            for ax in fig.axes:
                if ax.get_visible():
                    assert not box.overlaps(ax.get_window_extent(renderer)), fig
            checked += 1
    assert checked >= 3          # fan, events, guns and butter: one legend each
