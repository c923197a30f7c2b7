"""Export timings on the full warehouse: one chart image (warm), one OOGO report, and the batch
of reports for the largest SWV (by member count). Targets: report <= 5 s, warm image <= 0.5 s.

    python bench/bench_exports.py [--warehouse PATH] [--skip-batch]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import db, figures, formatting, queries  # noqa: E402
from dashboard import report as report_cli  # noqa: E402
from dashboard.db import DEFAULT_WAREHOUSE  # noqa: E402
from dashboard.export import images, report  # noqa: E402


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
    db.configure(args.warehouse)

    print(f"renderer start (Chromium): {_timed(lambda: images.renderer().start()):.2f} s")
    fig = figures.trend_figure(queries.trend_comparison("jeugdhulp", "GM0363"),
                               indicator=queries.indicator("jeugdhulp")).to_plotly_json()
    data = {"title": "Jongeren met jeugdhulp, Amsterdam", "demo": True,
            "caption": f"Bron: CBS · 2015–2024 · indeling 2024 · {formatting.DEMO_LABEL}"}
    images.chart_image(fig, data, "png")
    for fmt in ("png", "svg"):
        runs = [_timed(lambda f=fmt: images.chart_image(fig, data, f)) for _ in range(10)]
        print(f"chart image {fmt} warm: median {statistics.median(runs):.3f} s, "
              f"max {max(runs):.3f} s (target <= 0.5 s)")

    with tempfile.TemporaryDirectory() as tmp:
        report.build_report("GM0363", Path(tmp) / "warm.pdf")
        runs = [_timed(lambda i=i: report.build_report("GM0363", Path(tmp) / f"r{i}.pdf"))
                for i in range(3)]
        print(f"report GM0363: median {statistics.median(runs):.2f} s, max {max(runs):.2f} s "
              f"(target <= 5 s)")
        t = time.perf_counter()
        content = report.render_charts(report.report_content("GM0363"))
        t_content = time.perf_counter() - t
        print(f"  of which queries + figures + SVGs: {t_content:.2f} s "
              f"({sum(len(p.charts) for p in content.indicator_pages)} charts)")

        if not args.skip_batch:
            swvs = queries.regions("swv_po")["region_code"].tolist() + \
                queries.regions("swv_vo")["region_code"].tolist()
            sizes = {c: len(queries.region_member_list(c)) for c in swvs}
            largest = max(sizes, key=lambda c: (sizes[c], c))
            t = time.perf_counter()
            report_cli.main(["--members-of", largest, "--warehouse", str(args.warehouse),
                             "--out", str(Path(tmp) / "batch")])
            total = time.perf_counter() - t
            print(f"batch {largest} ({sizes[largest]} gemeenten): {total:.1f} s, "
                  f"{total / sizes[largest]:.2f} s per report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
