"""Time the CLI's start-up: `privacy-assistant tickets list --json` on an empty SQLite database.

Staff and scripts call the CLI one command at a time, so its start-up is what they wait for.
Each run is a fresh process (imports, config, opening and checking the schema, the query); the
first run, which creates and migrates the database, is timed apart. Also prints the modules the
command imported that it should not need (spaCy, the console, the reply templates...).

    python bench/bench_cli.py [--runs 5] [--command "tickets list --json"]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Imported by `tickets list` they would mean a command paying for what it does not use.
NOT_NEEDED = ("spacy", "sklearn", "fastapi", "jinja2", "matplotlib", "aiosmtpd", "alembic", "replies.render")


# The command run in-process, then the names of the modules it loaded, one a line, on standard error.
LIST_MODULES = ("import sys; from assistant.cli import main; main(sys.argv[1:]); "
                "print(*sys.modules, sep='\\n', file=sys.stderr)")


def run_once(config: Path, command: list[str], *, list_modules: bool = False) -> tuple[float, str]:
    how = ["-c", LIST_MODULES] if list_modules else ["-m", "assistant"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *how, "--config", str(config), *command],
                          capture_output=True, text=True, env=env, cwd=config.parent, check=True)
    return time.perf_counter() - started, done.stderr


def write_config(folder: Path) -> Path:
    text = (REPO / "config.toml").read_text(encoding="utf-8")
    database = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    config = folder / "config.toml"
    config.write_text(re.sub(r'(?m)^url = "sqlite\+aiosqlite:///[^"]*"', f'url = "{database}"', text),
                      encoding="utf-8")
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description="the CLI's start-up time")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--command", default="tickets list --json")
    args = parser.parse_args()
    command = args.command.split()
    with tempfile.TemporaryDirectory() as folder:
        config = write_config(Path(folder))
        first, _ = run_once(config, command)
        times = [run_once(config, command)[0] for _ in range(args.runs)]
        _, listed = run_once(config, command, list_modules=True)
    loaded = set(listed.split())
    needless = sorted(name for name in NOT_NEEDED if name in loaded)
    print(f"`privacy-assistant {args.command}`, empty SQLite database, {args.runs} runs")
    print(f"  first run (creates and migrates the database): {first:.2f} s")
    print(f"  median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})")
    print(f"  modules imported: {len(loaded)}; not needed but imported: {', '.join(needless) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
