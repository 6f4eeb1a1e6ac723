"""Benchmark careergraph on the bundled graph and on generated graphs of growing size.

Each operation runs as a new ``careergraph`` process, the way people call it, and is timed as a
median over several runs. The baseline is the naive way: ``--no-cache``, so every call parses the
Turtle with rdflib and builds the NetworkX projection again. Ratios are baseline time / time.

    python benchmarks/run.py                      # bundled, 10^4, 10^5, 10^6 triples
    python benchmarks/run.py --sizes 0 10000      # only the bundled graph and 10^4
    python benchmarks/run.py --stores endpoint    # a local Virtuoso (scripts/virtuoso.sh) only

With the endpoint store the graph is first published to a throw-away Virtuoso on loopback
(``publish`` row, Graph Store Protocol), then read through ``--endpoint``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CLI = [sys.executable, "-m", "careergraph"]
HEAVY_QUERY = "count-specialties-by-board"


@dataclass
class Run:
    """One measured operation: wall seconds and peak memory in MiB, or why it failed."""

    seconds: float | None
    peak: float | None = None
    failure: str | None = None


def timed(args, env, timeout) -> Run:
    """One process: its wall time and peak memory, or the reason it failed or ran out of time."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                return Run(None, failure=f"gave up after {timeout:.0f} s")
            time.sleep(0.005)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode().strip()
            sys.stderr.write(f"failed: {' '.join(map(str, args))}\n{message[-500:]}\n")
            last = message.splitlines()[-1] if message else f"exit code {process.returncode}"
            return Run(None, failure=last.removeprefix("Error: ")[:160])
    return Run(elapsed, usage.ru_maxrss / 1024)


def median_run(args, env, repeats, timeout):
    runs = []
    for _ in range(repeats):
        run = timed(args, env, timeout)
        if run.seconds is None:
            return run
        runs.append(run)
    return Run(statistics.median(r.seconds for r in runs), max(r.peak for r in runs))


def compile_package():
    """Compile careergraph's bytecode first, as ``pip install`` does: an editable install run with
    PYTHONDONTWRITEBYTECODE has none, and every timed run would compile the package again."""
    import compileall

    import careergraph

    compileall.compile_dir(Path(careergraph.__file__).parent, quiet=1)


def against_networkx(repeats, cache):
    """Medians of ``python -c "import networkx"`` and of a warm route on the bundled graph, measured
    in turns so that the machine's load weighs on both alike."""
    env = {**os.environ, "CAREERGRAPH_CACHE_DIR": cache}
    route = [*CLI, "route", "medical school", "interventional cardiologist"]
    timed(route, env, 600)  # fills the cache
    runs = [(timed([sys.executable, "-c", "import networkx"], env, 60).seconds, timed(route, env, 60).seconds)
            for _ in range(repeats)]
    if any(None in pair for pair in runs):
        sys.exit("the warm route (or import networkx) failed: see the error above")
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def operations(graph_args, target, focus, specialties, reach_from):
    return {
        "route": [*graph_args, "route", "medical school", target],
        "requires": [*graph_args, "requires", target],
        "heavy query": [*graph_args, "query", HEAVY_QUERY],
        "viz (focused)": [*graph_args, "viz", "--focus", focus, "--depth", "1", "-o", os.devnull + ".html"],
        "plan": [*graph_args, "plan", "medical school", target, "--start", "2026-08"],
        "compare (3)": [*graph_args, "compare", *specialties],
        "reach --within 3": [*graph_args, "reach", reach_from, "--within", "3"],
    }


# Operations reported as a ratio to a warm route of the same run (the planning commands build on it).
AGAINST_ROUTE = ("plan", "compare (3)", "reach --within 3")
# Operations without a naive run (their baseline is the warm route).
NOT_NAIVE = ("plan", "compare (3)", "reach --within 3")


class Virtuoso:
    """A throw-away Virtuoso for the endpoint rows, started with scripts/virtuoso.sh."""

    script = Path(__file__).resolve().parent.parent / "scripts" / "virtuoso.sh"

    def __init__(self, workdir):
        self.env = {**os.environ, "VIRTUOSO_DIR": str(workdir / "virtuoso"), "VIRTUOSO_HTTP_PORT": "18890",
                    "VIRTUOSO_SQL_PORT": "11111", "CAREERGRAPH_ENDPOINT_USER": "dba",
                    "CAREERGRAPH_ENDPOINT_PASSWORD": "dba"}
        self.base = "http://127.0.0.1:18890"

    def __enter__(self):
        subprocess.run(["bash", str(self.script), "start"], env=self.env, check=True, capture_output=True)
        return self

    def __exit__(self, *exc):
        subprocess.run(["bash", str(self.script), "stop"], env=self.env, capture_output=True)


def bench_size(size, workdir, repeats, timeout, stores, virtuoso):
    graph_args = []
    target, focus = "interventional cardiologist", "internal medicine residency"
    reach_from = "emergency medicine residency"
    specialties = ["internal medicine residency", "family medicine residency", "pediatrics residency"]
    if size:
        out = workdir / f"gen-{size}"
        subprocess.run([*CLI, "generate", "--triples", str(size), "-o", str(out)], check=True, capture_output=True)
        graph_args = ["--graph", str(out)]
        target, focus = "gen-fellowship-3-1-specialist", "gen-residency-3"
        specialties = ["gen-residency-1", "gen-residency-2", "gen-residency-3"]
        reach_from = "gen-residency-3"
    rows = []
    for store in stores:
        cache = workdir / f"cache-{size}-{store}"
        env = {**os.environ, "CAREERGRAPH_CACHE_DIR": str(cache)}
        store_args = ["--store", store, *graph_args]
        if store == "endpoint":
            env.update(virtuoso.env)
            endpoint = ["--endpoint", f"{virtuoso.base}/sparql-auth", "--endpoint-graph", f"urn:bench:{size}"]
            published = timed([*CLI, *graph_args, "publish", *endpoint, "--replace",
                                     "--graph-store", f"{virtuoso.base}/sparql-graph-crud-auth"], env, timeout)
            rows.append((store, "publish", published, None))
            store_args = endpoint
        first = timed([*CLI, *store_args, "route", "medical school", target], env, timeout)
        rows.append((store, "first load + route", first, None))
        if store == "endpoint":  # what the fingerprint query and a route over HTTP cost, cache aside
            run = median_run([*CLI, *store_args, "--no-cache", "route", "medical school", target],
                                       env, 1 if size >= 10**5 else repeats, timeout)
            rows.append((store, "route, no cache", run, None))
        warm_repeats = repeats if size < 10**6 else max(1, repeats // 2)
        for name, args in operations(store_args, target, focus, specialties, reach_from).items():
            rows.append((store, name, median_run([*CLI, *args], env, warm_repeats, timeout), name))
        shutil.rmtree(cache, ignore_errors=True)
    # The naive way: parse and project on every call.
    env = {**os.environ, "CAREERGRAPH_CACHE_DIR": str(workdir / "unused")}
    naive = {}
    naive_repeats = repeats if size < 10**5 else 1
    for name, args in operations(["--no-cache", *graph_args], target, focus, specialties, reach_from).items():
        if (size >= 10**6 and name != "route") or name in NOT_NAIVE:
            continue  # one naive run at this size takes minutes: the route shows it
        naive[name] = median_run([*CLI, *args], env, naive_repeats, timeout)
        rows.append(("naive rdflib", name, naive[name], name))
    return rows, naive


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[0, 10**4, 10**5, 10**6],
                        help="generated graph sizes in triples (0 = the bundled graph alone)")
    parser.add_argument("--stores", nargs="*", default=["memory", "oxigraph", "endpoint"],
                        choices=["memory", "oxigraph", "endpoint"], help="stores to measure (default: all)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is given up")
    options = parser.parse_args()

    compile_package()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    with tempfile.TemporaryDirectory() as cache:
        import_networkx, route = against_networkx(max(options.repeats, 5), cache)
    print(f"python -c 'import networkx': {import_networkx:.3f} s; warm route on the bundled graph: {route:.3f} s; "
          f"route / import networkx: {route / import_networkx:.2f}x (medians of {max(options.repeats, 5)}, interleaved)\n")
    print("| graph | store | operation | median s | vs naive | peak MiB |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        virtuoso = stack.enter_context(Virtuoso(Path(tmp))) if "endpoint" in options.stores else None
        for size in options.sizes:
            rows, naive = bench_size(size, Path(tmp), options.repeats, options.timeout, options.stores, virtuoso)
            label = "bundled" if not size else f"bundled + {size:.0e} generated"
            for store, name, run, naive_key in rows:
                base = naive[naive_key].seconds if naive_key in naive else None
                ratio = f"{base / run.seconds:.1f}x" if base and run.seconds and store != "naive rdflib" else ""
                shown = f"{run.seconds:.3f}" if run.seconds is not None else f"failed: {run.failure}"
                memory = f"{run.peak:.0f}" if run.peak is not None else ""
                if name in AGAINST_ROUTE and store != "naive rdflib":
                    route = next(r for s, n, r, _ in rows if s == store and n == "route")
                    if run.seconds and route.seconds:
                        ratio = f"{run.seconds / route.seconds:.2f}x route"
                print(f"| {label} | {store} | {name} | {shown} | {ratio} | {memory} |", flush=True)


if __name__ == "__main__":
    main()
