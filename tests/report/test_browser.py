"""report.html in headless Chromium: the page renders and every figure has a real size."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

pytestmark = pytest.mark.browser

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROBE = """<script>
window.addEventListener("load", () => {
  const sizes = Array.from(document.images).map(i => [i.dataset.figure || "", i.naturalWidth, i.naturalHeight,
                                                      i.getBoundingClientRect().width]);
  document.body.setAttribute("data-figure-sizes", JSON.stringify(sizes));
  document.body.setAttribute("data-page-width", JSON.stringify([document.documentElement.scrollWidth,
                                                                window.innerWidth]));
});
</script>"""


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian chromium is not installed (`make browser` installs it)")
    return path


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_figures_render_with_a_real_size(framing_dir: Path, tmp_path: Path) -> None:
    browser = _chromium()
    page = tmp_path / "probe.html"
    html = (framing_dir / "report.html").read_text("utf-8")
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = _run(
        browser,
        tmp_path / "profile",
        "--virtual-time-budget=10000",
        "--window-size=1280,2000",
        "--dump-dom",
        page.as_uri(),
    )
    found = re.search(r'data-figure-sizes="([^"]*)"', result.stdout)
    assert found, f"no sizes in the dumped DOM: {result.stderr[-2000:]}"
    sizes = json.loads(found.group(1).replace("&quot;", '"'))
    expected = len(re.findall(r"<img ", html))
    assert len(sizes) == expected >= 8
    for name, width, height, shown in sizes:
        assert width > 100 and height > 100 and shown > 100, (name, width, height, shown)
    page_width, window_width = json.loads(re.search(r'data-page-width="([^"]*)"', result.stdout).group(1))
    assert page_width <= window_width, "something overflows the page horizontally"


def test_screenshot_is_not_blank(framing_dir: Path, tmp_path: Path) -> None:
    browser = _chromium()
    shot = tmp_path / "report.png"
    _run(
        browser,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1280,4000",
        "--hide-scrollbars",
        (framing_dir / "report.html").as_uri(),
    )
    assert shot.is_file(), "chromium wrote no screenshot"
    pixels = image.imread(shot)[..., :3]
    assert pixels.shape[:2] == (4000, 1280)
    ink = (pixels < 0.9).any(axis=2)
    assert ink.mean() > 0.02, "the page is almost blank"
    coloured = np.abs(pixels[..., 0] - pixels[..., 2]) > 0.25  # figure bars are blue and red, text is grey
    assert coloured.sum() > 2000, "no coloured figure pixels in the first 4000 px"
