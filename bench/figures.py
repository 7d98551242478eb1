"""One line per measured figure, for `make bench` (bench/run_all.py) to gather into one table:

    FIGURE<TAB>name<TAB>target<TAB>measured<TAB>floor      (floor: the raw SQL / COPY / calamine time, or -)
"""

import sys


def figure(name: str, target: str, measured: float, floor: float | None = None) -> None:
    floor_text = f"{floor:.3f}" if floor is not None else "-"
    print(f"FIGURE\t{name}\t{target}\t{measured:.3f}\t{floor_text}", flush=True)


def small() -> bool:
    """--small (a few thousand residents, for CI): taken out of sys.argv so the script's own parsing is unchanged."""
    if "--small" in sys.argv:
        sys.argv.remove("--small")
        return True
    return False
