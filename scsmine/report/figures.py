"""Figures with matplotlib (Agg): every function returns a :class:`Figure` with SVG and PNG bytes.

Chinese labels need a CJK font (Debian ``fonts-noto-cjk``); :func:`has_cjk`
says whether one was found, and builders leave Chinese out of figures when
not. Output is reproducible: no dates in the SVG, a fixed hash salt.
"""

from __future__ import annotations

import functools
import io
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, ParamSpec, TypeVar

import matplotlib
import matplotlib.ticker
import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure as Figure_

from scsmine.report.model import Figure

P = ParamSpec("P")
R = TypeVar("R")

__all__ = ["PALETTE", "bars_ci", "has_cjk", "heatmap", "keyness_bars", "small_lines", "stacked"]

PALETTE = ("#1f5f8b", "#c8553d", "#e0a526", "#2a9d8f", "#7b5ea7", "#8a8f98", "#3d5a40", "#d17a9a", "#264653", "#b5838d")
_CJK_NAMES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "WenQuanYi Zen Hei", "Source Han Sans SC")


@lru_cache(maxsize=1)
def _cjk_font() -> str | None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in _CJK_NAMES if n in names), None)


def has_cjk() -> bool:
    """Whether a CJK font is installed for Chinese labels in figures."""
    return _cjk_font() is not None


def _rc() -> dict[str, Any]:
    cjk = _cjk_font()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", *([cjk] if cjk else [])],
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#e4e6ea",
        "grid.linewidth": 0.8,
        "axes.axisbelow": True,
        "svg.hashsalt": "scsmine",
        "svg.fonttype": "path",
    }


def _styled(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a figure function under the report's style, leaving global matplotlib settings alone."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with matplotlib.rc_context(_rc()):  # type: ignore[arg-type]  # keys are checked at run time
            return fn(*args, **kwargs)

    return wrapper


def _subplots(figsize: tuple[float, float], rows: int = 1, cols: int = 1, **kw: Any) -> tuple[Figure_, Any]:
    """A figure without pyplot (no global state, no backend switch) and its axes."""
    fig = Figure_(figsize=figsize)
    return fig, fig.subplots(rows, cols, **kw)


def _save(name: str, title: str, fig: Figure_, caption: str = "") -> Figure:
    svg, png = io.BytesIO(), io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing glyphs are reported by has_cjk()
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
        fig.savefig(png, format="png", dpi=144, bbox_inches="tight", metadata={"Software": None})
    return Figure(name=name, title=title, svg=svg.getvalue(), png=png.getvalue(), caption=caption)


def _legend(ax: Axes, n: int) -> None:
    if n > 1:
        ax.legend(
            frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=min(n, 4), fontsize=9, borderaxespad=0.2
        )


@_styled
def bars_ci(
    name: str,
    title: str,
    labels: Sequence[str],
    groups: Sequence[str],
    shares: np.ndarray,
    lows: np.ndarray | None = None,
    highs: np.ndarray | None = None,
    *,
    xlabel: str = "share of passages",
    percent: bool = True,
    caption: str = "",
) -> Figure:
    """Grouped horizontal bars (one bar per group within each label), with 95% interval whiskers if given.

    ``shares``, ``lows`` and ``highs`` are (groups × labels) arrays; ``percent`` formats the axis as shares.
    """
    shares = np.asarray(shares, dtype=float)
    n_g, n_l = len(groups), len(labels)
    fig, ax = _subplots(figsize=(8.0, 0.9 + n_l * (0.28 * n_g + 0.35)))
    height = 0.8 / max(n_g, 1)
    y = np.arange(n_l)
    for i, group in enumerate(groups):
        pos = y - 0.4 + height * (i + 0.5)
        ax.barh(pos, shares[i], height=height * 0.92, color=PALETTE[i % len(PALETTE)], label=group)
        if lows is not None and highs is not None:
            err = np.clip(np.nan_to_num(np.vstack([shares[i] - lows[i], highs[i] - shares[i]])), 0, None)
            ax.errorbar(shares[i], pos, xerr=err, fmt="none", ecolor="#333", elinewidth=0.9, capsize=2)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    top = float(np.nanmax(highs if highs is not None else shares, initial=0.0))
    if percent:
        ax.set_xlim(0, min(1.0, max(0.05, top * 1.1)))
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    _legend(ax, n_g)
    return _save(name, title, fig, caption)


@_styled
def stacked(
    name: str,
    title: str,
    groups: Sequence[str],
    categories: Sequence[str],
    values: np.ndarray,
    *,
    xlabel: str = "share",
    normalise: bool = True,
    caption: str = "",
) -> Figure:
    """Horizontal stacked bars: one bar per group, segments per category (``values`` is groups × categories)."""
    vals = np.asarray(values, dtype=float)
    if normalise:
        totals = vals.sum(axis=1, keepdims=True)
        vals = np.divide(vals, totals, out=np.zeros_like(vals), where=totals > 0)
    fig, ax = _subplots(figsize=(8.0, 1.2 + 0.45 * len(groups)))
    left = np.zeros(len(groups))
    for j, cat in enumerate(categories):
        ax.barh(np.arange(len(groups)), vals[:, j], left=left, color=PALETTE[j % len(PALETTE)], label=cat, height=0.6)
        left += vals[:, j]
    ax.set_yticks(np.arange(len(groups)), groups)
    ax.invert_yaxis()
    if normalise:
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(
        frameon=False,
        ncols=min(4, len(categories)),
        loc="upper left",
        bbox_to_anchor=(0, -0.18 - 0.02 * len(groups)),
        fontsize=9,
    )
    return _save(name, title, fig, caption)


@_styled
def keyness_bars(
    name: str, title: str, terms: Sequence[str], log_ratios: Sequence[float], *, colour: int = 0, caption: str = ""
) -> Figure:
    """Horizontal bars of the log ratio of the most distinctive terms (most distinctive on top)."""
    fig, ax = _subplots(figsize=(6.0, 0.8 + 0.26 * len(terms)))
    y = np.arange(len(terms))
    ax.barh(y, log_ratios, color=PALETTE[colour % len(PALETTE)], height=0.7)
    ax.set_yticks(y, terms)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("log ratio (log2 of relative frequency, group / rest)")
    ax.set_title(title)
    return _save(name, title, fig, caption)


@_styled
def heatmap(
    name: str,
    title: str,
    rows: Sequence[str],
    cols: Sequence[str],
    values: np.ndarray,
    *,
    xlabel: str = "",
    ylabel: str = "",
    caption: str = "",
) -> Figure:
    """A heatmap of shares (rows × cols) with the value printed in each cell."""
    vals = np.asarray(values, dtype=float)
    fig, ax = _subplots(figsize=(1.8 + 1.25 * len(cols), 0.9 + 0.42 * len(rows)))
    ax.imshow(vals, cmap="Blues", aspect="auto", vmin=0, vmax=max(float(np.nanmax(vals, initial=0.0)), 1e-9))
    top = float(np.nanmax(vals, initial=0.0))
    for (i, j), v in np.ndenumerate(vals):
        ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=9, color="white" if v > 0.6 * top else "#222")
    ax.set_xticks(np.arange(len(cols)), cols)
    ax.set_yticks(np.arange(len(rows)), rows)
    ax.grid(False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return _save(name, title, fig, caption)


@_styled
def small_lines(
    name: str,
    title: str,
    panels: Sequence[str],
    years: Sequence[int],
    series: dict[str, np.ndarray],
    *,
    ylabel: str = "share of passages",
    percent: bool = True,
    caption: str = "",
) -> Figure:
    """Small multiples: one panel per label, one line per group (``series[group]`` is panels × years, NaN = no data)."""
    cols = min(2, len(panels))
    rows = (len(panels) + cols - 1) // cols
    fig, axes = _subplots((8.0, 0.6 + 2.3 * rows), rows, cols, squeeze=False, sharex=True)
    for k, panel in enumerate(panels):
        ax = axes[k // cols][k % cols]
        for i, (group, values) in enumerate(series.items()):
            ax.plot(
                years, values[k], marker="o", markersize=3, linewidth=1.6, color=PALETTE[i % len(PALETTE)], label=group
            )
        if len(panels) > 1:
            ax.set_title(panel, fontsize=10)
        if percent:
            ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_ylim(bottom=0)
        if k % cols == 0:
            ax.set_ylabel(ylabel)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    for k in range(len(panels), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    handles, names = axes[0][0].get_legend_handles_labels()
    if len(names) > 1:
        fig.legend(handles, names, frameon=False, loc="upper right", ncols=min(5, len(names)))
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return _save(name, title, fig, caption)
