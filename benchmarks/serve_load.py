"""Load on `careergraph serve`: concurrent clients asking for routes, then the heavy SPARQL query.

Starts `careergraph serve` on a free loopback port (bundled graph, or --graph DIR), then for
--seconds runs --clients concurrent clients (each one keep-alive connection, asking as soon as
answered) against /api/route with a rotation of questions, and, as the baseline of the same run,
against /openapi.json (an answer with no graph work: what the HTTP stack alone costs). Reports
requests, failures, throughput, latency percentiles, the server's resident memory (after start,
peak, end), and the time of the bundled `count-specialties-by-board` query through /sparql.

    python benchmarks/serve_load.py                     # 50 clients, 30 s each phase
    python benchmarks/serve_load.py --workers 2 --clients 100
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

QUESTIONS = [
    ("US MD student", "cardiologist"),
    ("international medical graduate", "internist"),
    ("US DO student", "pediatrician"),
    ("US MD student", "interventional cardiology"),
    ("medical school", "emergency physician"),
    ("international medical graduate", "interventional cardiology"),
]


def rss_mib(pids) -> float:
    total = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", text).group(1))
    return total / 1024


def server_pids(root: int) -> list[int]:
    """The server process and its children (worker processes)."""
    pids = [root]
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == root:
            pids.append(int(path.parent.name))
    return pids


async def phase(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    failures: list[str] = []
    deadline = time.monotonic() + seconds

    async def client(number: int):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            i = number
            while time.monotonic() < deadline:
                path = paths[i % len(paths)]
                i += 1
                start = time.perf_counter()
                try:
                    answer = await http.get(path)
                    if answer.status_code != 200:
                        failures.append(f"{answer.status_code} {path}")
                except httpx.HTTPError as exc:
                    failures.append(f"{type(exc).__name__} {path}")
                latencies.append(time.perf_counter() - start)

    started = time.monotonic()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else float("nan")

    return {"requests": len(latencies), "failures": len(failures), "failure_examples": failures[:3],
            "per_s": len(latencies) / elapsed, "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--graph", action="append", default=[], help="extra graph file or directory")
    parser.add_argument("--query-repeats", type=int, default=5)
    args = parser.parse_args()

    command = [sys.executable, "-m", "careergraph", *sum((["--graph", g] for g in args.graph), []), "serve",
               "--port", "0", "--workers", str(args.workers)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        line = server.stderr.readline()
        found = re.search(r"serving on (http://\S+?)/? ", line)
        if not found:
            print(f"the server did not start: {line}{server.stderr.read()}", file=sys.stderr)
            return 1
        base = found.group(1).rstrip("/")
        threading.Thread(target=server.stderr.read, daemon=True).start()  # keep its pipe drained
        with httpx.Client(base_url=base, timeout=120) as http:  # wait until every worker answers
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    if http.get("/openapi.json").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            for source, target in QUESTIONS:  # each question answers, and warms whatever is lazy
                answer = http.get("/api/route", params={"from": source, "to": target})
                assert answer.status_code == 200, answer.text
        pids = server_pids(server.pid)
        memory = {"start": rss_mib(pids), "peak": 0.0}
        sampling = True

        def sample():
            while sampling:
                memory["peak"] = max(memory["peak"], rss_mib(pids))
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        routes = [str(httpx.URL("/api/route", params={"from": s, "to": t})) for s, t in QUESTIONS]
        baseline = asyncio.run(phase(base, ["/openapi.json"], args.clients, args.seconds))
        loaded = asyncio.run(phase(base, routes, args.clients, args.seconds))
        sampling = False
        sampler.join()
        memory["end"] = rss_mib(pids)

        from careergraph.sparql import bundled_queries

        heavy = bundled_queries()["count-specialties-by-board"].text
        times = []
        with httpx.Client(base_url=base, timeout=120) as http:
            for _ in range(args.query_repeats):
                start = time.perf_counter()
                answer = http.post("/sparql", content=heavy.encode(),
                                   headers={"content-type": "application/sparql-query"})
                times.append(time.perf_counter() - start)
                assert answer.status_code == 200, answer.text
    finally:
        server.terminate()
        server.wait(30)

    print(f"{args.clients} clients, {args.seconds:g} s per phase, {args.workers} worker(s), "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print("| endpoint | requests | failed | per s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for name, result in (("/openapi.json (baseline)", baseline), ("/api/route", loaded)):
        print(f"| {name} | {result['requests']} | {result['failures']} | {result['per_s']:.0f} | "
              f"{result['p50_ms']:.1f} | {result['p95_ms']:.1f} | {result['p99_ms']:.1f} |")
    print(f"route p95 / baseline p95: {loaded['p95_ms'] / baseline['p95_ms']:.2f}x")
    print(f"server memory MiB: after start {memory['start']:.0f}, peak {memory['peak']:.0f}, end {memory['end']:.0f}")
    print(f"/sparql count-specialties-by-board: median {statistics.median(times):.3f} s of {len(times)}")
    for result in (baseline, loaded):
        for example in result["failure_examples"]:
            print(f"failure: {example}")
    return 0 if not (baseline["failures"] or loaded["failures"]) else 1


if __name__ == "__main__":
    sys.exit(main())
