"""A PNG of a kg graph page, taken in headless Chromium (selenium + Debian's chromium-driver).

    python scripts/screenshot.py build/graph.html --out docs/graph.png
    python scripts/screenshot.py build/graph.html --out docs/graph-en.png --english --search Interpol
    python scripts/screenshot.py build/graph.html --out docs/graph-click.png --click حموشي
    make screenshots      # the four pictures in docs/ (default, search, click, English) of the demo page

Any Python will do: without selenium it runs itself again with the checkout's
.venv/bin/python (make install creates it).

Waits until the page says the network is stable (window.kgStable), so the
picture shows the settled layout.  Nothing is fetched: the page is offline and
http(s) requests are blocked.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


VENV_PYTHON = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "python"


def screenshot(page: Path, out: Path, width: int = 1400, height: int = 760, search: str = "",
               english: bool = False, timeout: float = 120.0, click: str = "") -> Path:
    """Open ``page``, optionally search a name, click one (its details in the panel) and switch labels
    to English, and save a PNG at ``out``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    if not page.is_file():
        raise FileNotFoundError(f"{page}: no such page; write one with `kg build` or `kg viz`")
    with tempfile.TemporaryDirectory(prefix="kg-screenshot-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--no-first-run", "--hide-scrollbars",
                         f"--window-size={width},{height}", f"--user-data-dir={profile}"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*"]})
            driver.get(page.resolve().as_uri())
            WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return window.kgStable === true"))
            if english:
                driver.find_element(By.ID, "kg-lang").click()
            if search:
                box = driver.find_element(By.ID, "kg-search")
                box.send_keys(search)
                WebDriverWait(driver, 10).until(lambda d: d.execute_script("return network.getSelectedNodes().length"))
                time.sleep(0.6)  # the focus animation
            elif click:
                # what a click on the node does: select it, show its details, bring it into view
                found = driver.execute_script(
                    "var ids = kgFindNodes(arguments[0]); if (ids.length !== 1) { return ids; }"
                    "network.fit({animation: false}); network.selectNodes(ids); network.emit('selectNode', {nodes: ids});"
                    "kgShowNode(ids[0]); return ids;", click)
                if len(found) != 1:
                    raise FileNotFoundError(f"--click {click!r} matches {len(found)} entities; give a longer name")
                time.sleep(0.3)
            else:
                driver.execute_script("network.fit({animation: false});")
            time.sleep(0.3)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(driver.get_screenshot_as_png())
        finally:
            driver.quit()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="the graph page (build/graph.html or a `kg viz` page)")
    parser.add_argument("--out", type=Path, required=True, help="the PNG to write")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=760)
    parser.add_argument("--search", default="", help="type this name in the search box first")
    parser.add_argument("--english", action="store_true", help="switch node labels to English first")
    parser.add_argument("--click", default="", help="select this entity and show its details, as a click does")
    args = parser.parse_args()
    try:
        import selenium  # noqa: F401
    except ImportError:
        if VENV_PYTHON.is_file() and Path(sys.executable).resolve() != VENV_PYTHON.resolve():
            os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])
        sys.exit("screenshot: error: selenium is not installed; run `make install` (it creates .venv)")
    try:
        path = screenshot(args.page, args.out, args.width, args.height, args.search, args.english,
                          click=args.click)
    except FileNotFoundError as exc:
        sys.exit(f"screenshot: error: {exc}")
    print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
