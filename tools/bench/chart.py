#!/usr/bin/env python3
"""Draws the benchmark table of a Markdown file (docs/performance.md, or the results
tools/bench/run writes) as an SVG bar chart: per cell, dbmate's time divided by migrator's
(right of 1: migrator is faster). Plain SVG, no plotting library.
    chart.py TABLE.md OUT.svg"""
import html
import math
import sys


def rows(path):
    header = None
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            header = None
            continue
        if header is None:
            header = cells
            continue
        if set("".join(cells)) <= set("-: "):
            continue
        yield dict(zip(header, cells))


def main(source, out):
    bars = []
    for r in rows(source):
        ratio = r.get("dbmate ÷ migrator", "").rstrip("×").replace(",", "")
        if not ratio:
            continue
        bars.append((f"{r['workload']} {r['dialect']} {r['operation']}", float(ratio)))
    if not bars:
        sys.exit(f"chart.py: no 'dbmate ÷ migrator' figures in {source}")
    width, left, bar, gap, top = 760, 260, 16, 6, 40
    height = top + len(bars) * (bar + gap) + 40
    lo, hi = math.log10(0.05), math.log10(500)
    x = lambda v: left + (math.log10(min(max(v, 0.05), 500)) - lo) / (hi - lo) * (width - left - 20)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="20" font-size="13">dbmate time ÷ migrator time (log scale; right of 1: migrator is faster)</text>']
    for tick in (0.1, 0.5, 1, 2, 10, 100):
        svg.append(f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{height - 30}" stroke="{"#333" if tick == 1 else "#ddd"}"/>')
        svg.append(f'<text x="{x(tick):.1f}" y="{height - 14}" text-anchor="middle">{tick:g}×</text>')
    for i, (label, ratio) in enumerate(bars):
        y = top + i * (bar + gap)
        x0, x1 = sorted((x(1), x(ratio)))
        colour = "#3a7d44" if ratio >= 1 else "#c0504d"
        svg.append(f'<text x="{left - 8}" y="{y + bar - 4}" text-anchor="end">{html.escape(label)}</text>')
        svg.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar}" fill="{colour}"/>')
        svg.append(f'<text x="{x(ratio) + (4 if ratio >= 1 else -4):.1f}" y="{y + bar - 4}" text-anchor="{"start" if ratio >= 1 else "end"}">{ratio:g}×</text>')
    svg.append("</svg>")
    open(out, "w", encoding="utf-8").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
