"""What the website costs a visitor and the server: widget size, PDF time, PDF link time.

Run with `make bench-web`. Targets of the web issue (measured, not asserted): widget JS + CSS
<= 50 KB gzipped without the socket.io client; an estimate PDF made in <= 1 s. The third
target, the first bot reply visible <= 1 s after sending, needs the whole stack and a browser:
the browser test (tests/test_running_assistant.py) records it in var/browser-tests/results.json.
Each time is the median of several runs, in milliseconds; the first PDF (fonts loaded and
subset, which the web server does at start) is reported apart.
"""

from __future__ import annotations

import gzip
import statistics
import time
from pathlib import Path

from bot.estimate_link import open_reference, reference_for
from bot.estimate_pdf import estimate_pdf
from bot.names import CHAT_LANGUAGES
from bot.pricing import Scenario, estimate

WEB = Path(__file__).resolve().parent.parent / "web"
WIDGET_FILES = ("widget.js", "widget.css")
SOCKET_IO = WEB / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
RUNS = 15
SECRET = b"bench"


def gzipped_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), compresslevel=9)) / 1024


def median_ms(action: object, runs: int = RUNS) -> float:
    assert callable(action)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    sizes = {name: gzipped_kb(WEB / name) for name in WIDGET_FILES}
    total = sum(sizes.values())
    print("widget, gzipped (level 9):")
    for name, size in sizes.items():
        print(f"  {name:12} {size:6.1f} KB")
    print(f"  {'total':12} {total:6.1f} KB   (target <= 50 KB)")
    if SOCKET_IO.is_file():
        print(f"  socket.io client, not counted: {gzipped_kb(SOCKET_IO):.1f} KB")

    scenario = Scenario.parse_obj(
        {"monthly_contacts": 3000, "coverage": "24_7", "support_languages": ["fr", "nl"]}
    )
    started = time.perf_counter()
    estimate_pdf(estimate(scenario, language_hint="fr"), "fr")
    first = (time.perf_counter() - started) * 1000
    print(f"first PDF of the process (fonts subset first): {first:.0f} ms")
    print(f"PDF, median of {RUNS} (target <= 1000 ms):")
    for language in CHAT_LANGUAGES:
        result = estimate(scenario, language_hint=language)
        took = median_ms(lambda r=result, code=language: estimate_pdf(r, code))
        print(f"  {language}: {took:6.1f} ms")
    payload = estimate(scenario, language_hint="en").payload("en")
    reference = reference_for(payload, SECRET)
    made = median_ms(lambda: reference_for(payload, SECRET))
    opened = median_ms(lambda: open_reference(reference, SECRET))
    print(f"PDF link made (re-priced, compared, signed): {made:.2f} ms")
    print(f"PDF link opened (checked, re-priced): {opened:.2f} ms")


if __name__ == "__main__":
    main()
