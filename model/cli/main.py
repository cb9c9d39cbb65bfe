"""The ``armsrace`` command (also ``python -m model``).

    armsrace run SCENARIO [--years N] [--seed S] [--history-until YEAR] [--set name=value ...]
                 [--off MECHANISM ...] [--posterior-draw K] [--out FILE]
    armsrace validate SCENARIO...
    armsrace calibrate [SCENARIO] [--fit [--write]] [--abc [--write] [--population N] ...]
    armsrace batch SWEEP.yaml [--workers N] [--scheduler ADDRESS] [--out DIR] [--resume]
    armsrace report RESULTS [--out DIR]
    armsrace sensitivity SWEEP.yaml --metric NAME
    armsrace hindcast SCENARIO --until YEAR --against OBSERVED.csv [--seeds N] [--out DIR]

A user mistake (bad file, unknown parameter, an output that cannot be written) prints
one clear line per problem and exits 2; it never prints a traceback. Output cut short by
the reader (``armsrace run ... | head``) ends the command quietly, as Unix tools do.
``extends:`` stays inside the scenario tree unless ``ARMSRACE_EXTENDS_ANYWHERE=1``
(model/scenario/loader.py).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

#: subcommands implemented in their own modules: name → (module, help)
DELEGATED = {
    "batch": ("model.experiments.batch", "run a sweep: every point × replication, on processes or Dask"),
    "report": ("model.experiments.report", "fan charts and summary tables of batch results (PNG + HTML)"),
    "sensitivity": ("model.experiments.sensitivity", "Sobol or Morris sensitivity indices of a sweep"),
    "hindcast": ("model.experiments.hindcast", "a forecast from history until YEAR against observed values: bands, coverage, fan charts"),
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    from model.scenario.input_errors import InputError

    try:
        return int(args.func(args) or 0)
    except InputError as err:  # a scenario, sweep, flag or results folder: one line each
        print(err, file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _reader_gone()
    except FileNotFoundError as err:
        print(f"error: {err.filename or err}: no such file — check the path", file=sys.stderr)
        return 2
    except OSError as err:  # an unwritable --out, a full disk, a folder where a file should be
        where = f"{err.filename}: " if err.filename else ""
        why = "it is a file, not a folder" if isinstance(err, FileExistsError) else (
            err.strerror or type(err).__name__)
        print(f"error: {where}{why} — check the path and its permissions", file=sys.stderr)
        return 2
    except RecursionError:
        print("error: input nested too deep to read", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _reader_gone() -> int:
    """The reader of our output has gone (``| head``): stop quietly, as Unix tools do.
    Standard output goes to /dev/null so that the flush at exit cannot complain again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (e.g. captured in tests)
        pass
    return 141  # 128 + SIGPIPE, what a shell reports for a tool killed by a closed pipe


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="armsrace", description=(
        "Agent-based model of the South Caucasus arms race (Mesa)."))
    sub = p.add_subparsers(dest="command")

    r = sub.add_parser("run", help="run one scenario and print a year-by-year summary")
    r.add_argument("scenario", help="scenario YAML file")
    r.add_argument("--years", type=int, help="years to simulate (default: the scenario's)")
    r.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    r.add_argument("--history-until", type=int, metavar="YEAR", dest="history_until",
                   help="drop the scenario's events after YEAR: a forecast from what was known "
                        "then (e.g. 2022)")
    r.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter, e.g. distinguishability=0.8 or Armenia.reaction=0.2")
    r.add_argument("--off", action="append", default=[], metavar="MECHANISM",
                   help="switch a mechanism off (its neutral version runs), e.g. --off spiral; "
                        "repeatable; names in docs/model.md, 'Mechanism switches'")
    r.add_argument("--posterior-draw", type=int, metavar="K", dest="posterior_draw",
                   help="take the parameters of draw K (0, 1, ...) of the scenario's posterior "
                        "(its posterior: table, from armsrace calibrate --abc)")
    r.add_argument("--out", help="write the tidy table to FILE.csv or FILE.parquet")
    r.add_argument("--quiet", action="store_true", help="no summary on the terminal")
    r.set_defaults(func=cmd_run)

    v = sub.add_parser("validate", help="check scenario files; exit 2 with one line per problem")
    v.add_argument("scenarios", nargs="+")
    v.set_defaults(func=cmd_validate)

    c = sub.add_parser("calibrate", help="fit grievance on 2020-2022 and report in-sample error")
    c.add_argument("scenario", nargs="?", default="scenarios/baseline_2020.yaml")
    c.add_argument("--seeds", type=int, default=20)
    c.add_argument("--fit", action="store_true", help="refit (default: report the current fit)")
    c.add_argument("--write", action="store_true", help=(
        "with --fit: write the values into the file; with --abc: write the posterior table "
        "(default scenarios/posteriors/NAME.csv)"))
    c.add_argument("--abc", action="store_true", help=(
        "approximate Bayesian computation (pyabc ABC-SMC) of grievance, reaction, fatigue "
        "and the fiscal cost on 2021-2022 patterns: fit, 90%% intervals, identifiability"))
    c.add_argument("--population", type=int, default=200, help="ABC: particles per generation")
    c.add_argument("--generations", type=int, default=10, help="ABC: most SMC generations")
    c.add_argument("--max-simulations", type=int, default=8000, dest="max_simulations",
                   help="ABC: stop once this many runs are spent")
    c.add_argument("--abc-seed", type=int, default=0, dest="abc_seed", help="ABC: random seed")
    c.add_argument("--posterior-out", dest="posterior_out", metavar="FILE.csv",
                   help="ABC with --write: where the posterior goes")
    c.set_defaults(func=cmd_calibrate)

    for name, (module, help_text) in DELEGATED.items():
        d = sub.add_parser(name, help=help_text)
        d.set_defaults(func=_delegate(module), module=module)
        try:
            importlib.import_module(module).add_arguments(d)
        except ModuleNotFoundError:
            d.set_defaults(func=_missing(name))
    return p


def _delegate(module):
    def run(args):
        return importlib.import_module(module).command(args)
    return run


def _missing(name):
    def run(args):
        print(f"armsrace {name}: not available in this version", file=sys.stderr)
        return 2
    return run


def parse_sets(items: list[str]) -> dict[str, str]:
    """``--set NAME=VALUE`` flags as {name: text}; a flag without ``=`` is a UsageError."""
    from model.scenario.input_errors import UsageError

    out = {}
    for item in items:
        if "=" not in item:
            raise UsageError.one("--set", None, item,
                                 "expected NAME=VALUE, e.g. distinguishability=0.8")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def parse_off(names: list[str]) -> dict[str, bool]:
    """``--off NAME`` flags as overrides {"mechanisms.NAME": False}; an unknown name is a
    UsageError."""
    from model.scenario.input_errors import Problem, UsageError
    from model.scenario.loader import unknown_mechanism
    from model.scenario.mechanisms import MECHANISMS

    bad = [n for n in names if n not in MECHANISMS]
    if bad:
        raise UsageError([Problem("--off", None, n, unknown_mechanism(n)) for n in bad])
    return {f"mechanisms.{n}": False for n in names}


def cmd_run(args) -> int:
    from model.cli.summary import print_summary
    from model.scenario.loader import apply_overrides, load_scenario
    from model.simulation.model import ArmsRaceModel

    sc = load_scenario(args.scenario)
    overrides = {}
    if args.posterior_draw is not None:
        from model.experiments.posterior import parameter_draws
        from model.scenario.input_errors import UsageError

        if args.posterior_draw < 0:
            raise UsageError.one("--posterior-draw", None, "K", "give a draw number 0, 1, ...")
        overrides.update(parameter_draws(sc, 1, start=args.posterior_draw)[0])
    overrides.update(parse_sets(args.set))  # --set wins over the draw
    for name in ("years", "seed", "history_until"):  # checked like the file's own
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    overrides.update(parse_off(args.off))
    if overrides:
        sc = apply_overrides(sc, overrides)
    model = ArmsRaceModel(sc)
    model.run()
    df = model.frame()
    if not args.quiet:
        print_summary(model, df)
    if args.out:
        write_table(df, Path(args.out))
        print(f"wrote {len(df)} rows to {args.out}")
    return 0


def write_table(df, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".parquet":
        df.to_parquet(path, index=False)
    elif path.suffix == ".csv":
        df.to_csv(path, index=False)
    else:
        from model.scenario.input_errors import UsageError

        raise UsageError.one("--out", None, str(path), "the file must end in .csv or .parquet")


def cmd_validate(args) -> int:
    from model.scenario.loader import validate_paths

    problems = validate_paths(args.scenarios)
    for pr in problems:
        print(pr, file=sys.stderr)
    if not problems:
        print(f"{len(args.scenarios)} scenario file(s) valid")
    return 2 if problems else 0


def cmd_calibrate(args) -> int:
    from model.experiments.calibration import error_report, fit_grievance
    from model.scenario.loader import load_scenario

    sc = load_scenario(args.scenario)
    if args.abc:
        return _calibrate_abc(sc, args)
    seeds = range(args.seeds)
    if args.fit:
        g, report = fit_grievance(sc, seeds)
        print("fitted grievance (USD bn/year):")
        for name, value in zip(sc.states, g, strict=True):
            print(f"  {name:<15} {value:9.3f}")
        if args.write:
            from model.experiments.calibration import write_grievance

            write_grievance(args.scenario, list(sc.states), g)
            print(f"written to {args.scenario}")
    else:
        report = error_report(sc, seeds=seeds)
    print(f"\nin-sample error, mean of {args.seeds} seeds (2020-2022 only):")
    print(report.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print(f"\nmean absolute relative error: {report.error.abs().mean():.1%}")
    return 0


def _calibrate_abc(sc, args) -> int:
    """``armsrace calibrate --abc``: the posterior, its fit, intervals and identifiability."""
    from model.experiments import abc
    from model.scenario.input_errors import UsageError

    for name, low in (("population", 10), ("generations", 1), ("max_simulations", 10)):
        if getattr(args, name) < low:
            raise UsageError.one(f"--{name.replace('_', '-')}", None, name,
                                 f"give at least {low}")
    out = Path(args.posterior_out) if args.posterior_out else \
        Path(args.scenario).parent / "posteriors" / (Path(args.scenario).stem + ".csv")
    print(f"ABC-SMC (pyabc), population {args.population}, at most {args.generations} "
          f"generations or {args.max_simulations} runs, seed {args.abc_seed}; patterns on "
          "2021-2022 (levels, burdens, Azerbaijan/Armenia ratio)")
    if args.write:
        out.parent.mkdir(parents=True, exist_ok=True)
    res = abc.run_abc(sc, population=args.population, generations=args.generations,
                      seed=args.abc_seed, max_simulations=args.max_simulations,
                      workdir=out.parent if args.write else None)
    print(f"{res.generations} generations, {res.simulations} runs, final tolerance "
          f"{res.epsilon:.3f} (RMS log error), effective sample size "
          f"{res.effective_size:.0f} of {len(res.posterior)}")
    if res.effective_size < 0.25 * len(res.posterior):
        print("warning: a few particles carry most of the weight; the intervals below are "
              "narrower than the evidence allows: raise --population")
    table = abc.intervals(res.posterior, res.priors)
    print("\nposterior, 90% intervals (prior's 90% interval alongside); width_ratio = "
          "posterior/prior width:")
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    weak = table[table.identified != "yes"].parameter.tolist()
    if weak:
        print(f"\nnot (or weakly) identified by 2021-2022 data: {', '.join(weak)} — their "
              "posterior is close to the prior; treat them as judgements")
    fit = abc.fit_table(sc, abc.median_overrides(res.posterior, res.priors), range(args.seeds),
                        posterior=res.posterior, seed=args.abc_seed)
    print(f"\nin-sample fit (2021-2022 were fitted): model = posterior-median parameters, "
          f"mean of {args.seeds} seeds; predictive = median and 90% band of 100 posterior "
          "draws, one run each")
    print(fit.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print(f"mean absolute relative error of the posterior median: {fit.error.abs().mean():.1%}; "
          f"observed inside the 90% predictive band: {fit.inside.sum()} of {len(fit)}")
    if args.write:
        from model.experiments.posterior import write_posterior

        write_posterior(out, res.posterior)
        print(f"\nwrote {len(res.posterior)} draws to {out}; the scenario uses them with "
              f"posterior: {os.path.relpath(out, Path(args.scenario).parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
