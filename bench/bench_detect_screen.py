"""detect_screen on 1080p work screens at 1x: seconds per screenshot (OCR included) and what it finds.

Run: .venv/bin/python bench/bench_detect_screen.py [--repeat 2] [--themes light dark] [--scale 1]

Screens: the test templates (tests/screens_html.py: mail, chat, code review, HR record, terminal, docs, settings)
rendered by Chromium at 1920x1080 (device scale --scale). Baseline, in the same process: Tesseract alone reading
the same image (ocr.read_words), so the ratio shows what the detectors and the structure add over OCR. Also
prints recall per category (IoU >= 0.3), region precision and regions on screens with nothing sensitive.
Targets: median <= 1.5 s, p95 <= 3 s per changed screenshot on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from tests.screens_html import MORE_SCREENS, SCREENS, launch, render  # noqa: E402
from viewer.sensitive.ocr import _box_iou, read_words  # noqa: E402
from viewer.sensitive.screen import detect_screen  # noqa: E402
from viewer.sensitive.textscan import scan_text  # noqa: E402
from viewer.sensitive.config import default_config  # noqa: E402


# window titles (title, app): without and with a sensitive value
TITLES_WITHOUT = [("Slack","Slack"),("general - Northwind - Slack","Slack"),("Inbox - Gmail","Chrome"),("Google Calendar - Week of June 1, 2026","Chrome"),
("Pull requests · GitHub","Firefox"),("Visual Studio Code","Code"),("main.py - src - Visual Studio Code","Code"),("Terminal","Terminal"),
("bash","Terminal"),("Downloads","Finder"),("Settings","System Settings"),("YouTube - Google Chrome","Chrome"),("New Tab - Google Chrome","Chrome"),
("Python 3.13 documentation","Firefox"),("Stack Overflow - Where Developers Learn","Firefox"),("Spotify Premium","Spotify"),
("Zoom Workplace","zoom.us"),("Microsoft Teams","Teams"),("Activity | Microsoft Teams","Teams"),("Notion – Home","Notion"),
("Untitled - Notepad","Notepad"),("Document1 - Word","Word"),("Book1 - Excel","Excel"),("Figma","Figma"),("Jira - Your work","Chrome"),
("Confluence - Spaces","Chrome"),("Grafana - Home","Chrome"),("Amazon.com: Online Shopping","Chrome"),("Wikipedia, the free encyclopedia","Firefox"),
("Weather - Lisbon","Chrome"),("Task Manager","Task Manager"),("Docker Desktop","Docker"),("Postman","Postman"),("README.md — billing","Code"),
("release-notes-2026-06.pdf","Preview"),("Q3 roadmap - Google Slides","Chrome"),("Meeting notes 2026-06-02","Notes"),("Activity Monitor","Activity Monitor"),
("Login - GitLab","Firefox"),("Sign in to your account","Edge"),("Checkout – Kestrel & Co","Chrome"),("random - Northwind - Slack","Slack"),
("Issues · pallets/flask","Firefox"),("The Rust Programming Language","Firefox"),("How to center a div - Stack Overflow","Chrome"),
("Grace Hopper - Wikipedia","Firefox"),("Calendar","Calendar"),("Messages","Messages"),("WhatsApp","WhatsApp"),("Outlook","Outlook")]
TITLES_WITH = [("DM: aiden@northwind.io","Chat"),("Maria Cruz Lopez","Messages"),("Chat with Priya Raman","Teams"),("Aurelio Bianchi (DM) - Slack","Slack"),
("deal-acme-renewal - Northwind - Slack","Slack"),("Inbox - jonas.keller@gmail.com - Gmail","Chrome"),("Re: Contract for Brightwater Logistics GmbH - Outlook","Outlook"),
("northwind-ops/billing-gateway: Payment service","Firefox"),("Fix retry by tkowalczyk · Pull Request #231 · northwind-ops/billing-gateway","Firefox"),
("PAY-2231 Refund not applied - Jira","Chrome"),("EMP-004821 - Siobhan Mulcahy - Workday","Chrome"),("ana@laptop: ~/src","Terminal"),
("Invoice INV-2026-0142.pdf","Preview"),("https://northwind.atlassian.net/wiki/spaces/HR - Chrome","Chrome"),("@tkowalczyk on X","Chrome"),
("Oluwaseun Adeyemi | LinkedIn","Chrome"),("Call with Ingrid Solberg","Zoom"),("Kwame Mensah-Bonsu - Chat","Google Chat"),
("1:1 Dmitri / Siobhan - Google Docs","Chrome"),("Customer: Harrowgate Analytics - Salesforce","Chrome")]


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children (Tesseract runs as one)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def titles() -> None:
    from viewer.sensitive.titles import title_hits

    cfg = default_config()
    flagged = lambda items: [t for t, app in items if title_hits(t, app, cfg)]  # noqa: E731
    pos, neg = flagged(TITLES_WITH), flagged(TITLES_WITHOUT)
    print(f"titles with a value flagged {len(pos)}/{len(TITLES_WITH)} = {len(pos) / len(TITLES_WITH):.2f}; "
          f"without one flagged {len(neg)}/{len(TITLES_WITHOUT)} = {len(neg) / len(TITLES_WITHOUT):.2f}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--themes", nargs="+", default=["light", "dark"])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--font", default="'DejaVu Sans', sans-serif", help="CSS font-family of the screens")
    ap.add_argument("--size", type=int, default=15, help="base font size (CSS px)")
    ap.add_argument("--verbose", action="store_true", help="print each miss and each wrong region")
    ap.add_argument("--more", action="store_true", help="also the denser screens (CRM table, ticket, vault, ...)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        try:
            shots = [r for theme in args.themes
                     for r in render(browser, SCREENS + (MORE_SCREENS if args.more else []), tmp, theme, args.scale, width=1920 // args.scale,
                                     height=1080 // args.scale, font=args.font, size=args.size)]
        finally:
            browser.close()
        start = time.perf_counter()
        scan_text("warm-up: Jonas Keller <jonas@northwind.io>", default_config())  # one-off detector setup
        setup = time.perf_counter() - start
        base, full, cpu, results = [], [], [], []
        for sc, path, gold in shots:
            img = Image.open(path).convert("RGB")
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                read_words(img)
                base.append(time.perf_counter() - t0)
                t0, c0 = time.perf_counter(), _cpu()
                found = detect_screen(img, title=sc.title)
                full.append(time.perf_counter() - t0)
                cpu.append(_cpu() - c0)
            results.append((sc, gold, found))
    full.sort()
    p95 = full[min(len(full) - 1, int(round(0.95 * (len(full) - 1))))]
    print(f"{len(shots)} screens {img.width}x{img.height}, {args.repeat} runs each; one-off setup {setup:.1f} s")
    print(f"Tesseract alone: median {statistics.median(base):.2f} s")
    print(f"detect_screen:   median {statistics.median(full):.2f} s  p95 {p95:.2f} s  "
          f"({statistics.median(full) / statistics.median(base):.2f}x Tesseract alone)")
    cpu.sort()
    print(f"detect_screen CPU time (this process + Tesseract; what a quiet core needs): median "
          f"{statistics.median(cpu):.2f} s  p95 {cpu[min(len(cpu) - 1, int(round(0.95 * (len(cpu) - 1))))]:.2f} s; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    caught, regions, right, decoy_regions = defaultdict(list), 0, 0, 0
    for sc, gold, found in results:
        boxes = [(f.category, f.regions[0][1:]) for f in found if f.regions]
        for cat, g in gold:
            caught[cat].append(any(c == cat and _box_iou(b, g) >= 0.3 for c, b in boxes))
        regions += len(boxes)
        right += sum(any(_box_iou(b, g) >= 0.3 for _, g in gold) for _, b in boxes)
        decoy_regions += 0 if sc.sensitive else len(boxes)
        if args.verbose:
            for cat, g in gold:
                if not any(c == cat and _box_iou(b, g) >= 0.3 for c, b in boxes):
                    print(f"  miss {sc.name} {cat} {g} near {[(c, b) for c, b in boxes if _box_iou(b, g) > 0]}")
            for c, b in boxes:
                if not any(_box_iou(b, g) >= 0.3 for _, g in gold):
                    print(f"  wrong {sc.name} {c} {b}")
    for cat, v in sorted(caught.items()):
        print(f"  {cat:14} recall {sum(v)}/{len(v)} = {sum(v) / len(v):.2f}")
    titles()
    print(f"region precision {right}/{regions} = {right / max(1, regions):.2f}; regions on screens with nothing "
          f"sensitive: {decoy_regions}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
