"""Run every benchmark in turn (`make bench`); each prints ratios against a baseline in its own run."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["bench_load.py", "bench_quality.py", "bench_sensitive.py", "bench_replay.py", "bench_review.py",
           "bench_export.py", "bench_screens.py", "bench_click_to_state.py"]

if __name__ == "__main__":
    failed = 0
    for name in SCRIPTS:
        print(f"== {name}", flush=True)
        failed |= subprocess.run([sys.executable, str(HERE / name)]).returncode
    sys.exit(1 if failed else 0)
