"""CPU seconds used by the processes a benchmark drives, read from Linux's /proc.

bench/journey_load.py reads these before and after each round, so it can say what a request
cost the web server, the database and the load-making client itself, and so whether the
client, rather than the server, limits the rate.
"""

import os

_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float:
    """User and system CPU seconds of one process, or 0 if it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _processes() -> dict[int, tuple[int, str]]:
    """Every process's parent and command line."""
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{name}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
        found[int(name)] = (parent, command)
    return found


def tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds of a process and its children (a gunicorn master and its workers)."""
    processes = _processes()
    return {pid: _cpu(pid) for pid, (parent, _) in processes.items()
            if pid == root or parent == root}


def backends_cpu(database: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend connected to the database (by its title)."""
    return {pid: _cpu(pid) for pid, (_, command) in _processes().items()
            if command.startswith("postgres: ") and f" {database} " in command}


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings; a process started between them counts whole."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
