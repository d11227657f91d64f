"""Adds up the JUnit reports of the test runs and prints one closing line: 'total: N passed, N failed'.

It also writes the figures of this run (each suite's counts and time, and the total) to
docs/test-figures.md, overwritten each run, so that the figures the README points to are the last
run's and never typed by hand."""
import sys
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timezone
from pathlib import Path

FIGURES = Path(__file__).resolve().parents[1] / "docs" / "test-figures.md"
SUITES = ("unit", "integration-sqlite", "integration-postgresql", "e2e-chromium")  # the runs of .ci/test
KEYS = ("tests", "failures", "errors", "skipped")


def read_report(path: str) -> dict:
    """A report's counts, its time in seconds and when it started (None if it does not say)."""
    figures = {key: 0 for key in KEYS} | {"time": 0.0, "started": None}
    for suite in ElementTree.parse(path).getroot().iter("testsuite"):
        for key in KEYS:
            figures[key] += int(suite.get(key, 0))
        figures["time"] += float(suite.get("time", 0) or 0)
        if suite.get("timestamp"):
            started = datetime.fromisoformat(suite.get("timestamp"))
            started = started if started.tzinfo else started.replace(tzinfo=timezone.utc)
            figures["started"] = min(filter(None, (figures["started"], started)))
    return figures


def added(reports: list[dict]) -> dict:
    started = [report["started"] for report in reports if report["started"]]
    return {key: sum(report[key] for report in reports) for key in (*KEYS, "time")} | {
        "started": min(started) if started else None}


def outcome(figures: dict) -> tuple[int, int, int]:
    """(passed, failed, skipped) as the closing line counts them."""
    failed = figures["failures"] + figures["errors"]
    return figures["tests"] - failed - figures["skipped"], failed, figures["skipped"]


def figures_table(reports: dict[str, dict], day) -> str:
    """The markdown page: a row per suite (the four runs of .ci/test first, a missing one said so)."""
    lines = ["# Test figures", "",
             f"Written by `tests/summary.py` from the JUnit reports of the last run of `make test`, on {day:%Y-%m-%d}; "
             "do not edit by hand. Times are each suite's own, as pytest measured it.", "",
             "| suite | passed | failed | skipped | time (s) |", "| --- | ---: | ---: | ---: | ---: |"]
    for name in [*SUITES, *sorted(set(reports) - set(SUITES))]:
        if name not in reports:
            lines.append(f"| {name} | no report | | | |")
            continue
        passed, failed, skipped = outcome(reports[name])
        lines.append(f"| {name} | {passed} | {failed} | {skipped} | {reports[name]['time']:.1f} |")
    total = added(list(reports.values()))
    passed, failed, skipped = outcome(total)
    lines.append(f"| **total** | **{passed}** | **{failed}** | **{skipped}** | **{total['time']:.1f}** |")
    return "\n".join(lines) + "\n"


def write_figures(named: list[tuple[str, dict]], path: Path = FIGURES) -> None:
    """The figures page; two reports of the same suite (from two folders) are added up into one row."""
    reports = {name: added([report for other, report in named if other == name]) for name, _ in named}
    day = added(list(reports.values()))["started"] or datetime.now(timezone.utc)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(figures_table(reports, day), encoding="utf-8")


def main(paths: list[str]) -> int:
    named = [(Path(path).name.removesuffix(".xml"), read_report(path)) for path in paths]
    try:
        write_figures(named)
    except OSError as error:  # the figures page is a by-product: CI's verdict is the line below
        print(f"summary: could not write {FIGURES}: {error}", file=sys.stderr)
    passed, failed, skipped = outcome(added([report for _, report in named]))
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
