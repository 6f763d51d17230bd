"""Headless Debian chromium, driven from the command line: screenshots, and measurements a
small script writes into the DOM (read back with --dump-dom)."""

from __future__ import annotations

import html as htmlmod
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

# The email is measured inside an iframe of the exact width: headless chromium keeps its
# window at least 500 px wide for --dump-dom, but an iframe has the width it is given. The
# host page and the email come from the same local server, so the host may look inside.
HOST = """<!DOCTYPE html>
<html><body style="margin:0">
<iframe id="email" src="%(src)s" style="border:0;display:block;width:%(width)dpx;height:3000px"></iframe>
<pre id="measurements"></pre>
<script>
document.getElementById('email').addEventListener('load', function () {
  var win = this.contentWindow, doc = this.contentDocument;
  var width = win.innerWidth;
  var titles = Array.prototype.slice.call(doc.querySelectorAll('.story-title'));
  var images = Array.prototype.slice.call(doc.images);
  var result = {
    innerWidth: width,
    scrollWidth: doc.documentElement.scrollWidth,
    height: doc.documentElement.scrollHeight,
    dark: win.matchMedia('(prefers-color-scheme: dark)').matches,
    background: win.getComputedStyle(doc.body).backgroundColor,
    titles: titles.map(function (el) {
      var box = el.getBoundingClientRect();
      var style = win.getComputedStyle(el);
      return {text: el.textContent, width: box.width, height: box.height, left: box.left,
              right: box.right, hidden: style.visibility === 'hidden' || style.display === 'none',
              color: style.color};
    }),
    images: images.map(function (el) {
      var box = el.getBoundingClientRect();
      return {src: el.src, width: box.width, right: box.right, loaded: el.naturalWidth > 0};
    })
  };
  document.getElementById('measurements').textContent = JSON.stringify(result);
});
</script>
</body></html>
"""


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Chromium:
    def __init__(self, executable: str, workdir: Path) -> None:
        self.executable = executable
        self.workdir = workdir

    def _run(self, url: str, width: int, height: int, *extra: str, dark: bool = False) -> str:
        profile = tempfile.mkdtemp(dir=self.workdir, prefix="profile-")
        command = [
            self.executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=3000",
            *(["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] if dark else []),
            *extra,
            url,
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=90)
        if result.returncode != 0:
            raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")
        return result.stdout

    def measure(self, host_url: str, width: int, dark: bool = False) -> dict[str, Any]:
        """Measurements of the page the host page at ``host_url`` (see ``HOST``) frames."""
        dom = self._run(host_url, max(width, 800), 900, "--dump-dom", dark=dark)
        match = re.search(r'<pre id="measurements">(.*?)</pre>', dom, re.S)
        if not match:
            raise RuntimeError("the measuring script left no result in the DOM")
        return json.loads(htmlmod.unescape(match.group(1)))

    def screenshot(self, url: str, out: Path, width: int, height: int, dark: bool = False) -> Path:
        self._run(url, width, height, f"--screenshot={out}", dark=dark)
        return out
