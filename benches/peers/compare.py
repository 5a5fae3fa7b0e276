"""Times `georisk run` and the numpy peer on the same machine and prints the ratio.

    cargo build --release
    pip install numpy
    python3 benches/peers/compare.py [--georisk target/release/georisk] [--trials 1000000]

georisk is timed end to end (process start, file load, simulation, summary, JSON out) on one
thread and on all cores; numpy is single-threaded by nature for this code. Each is timed best of
`--repeat` runs. The key figures of both are printed side by side, so a reader can see that the two
simulate the same thing.
"""

import argparse
import json
import subprocess
import time
from pathlib import Path

import numpy_sim
from scenario import RON_PATH, build, to_ron


def best_of(repeat, job):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = job()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--georisk", default=str(Path(__file__).parents[2] / "target/release/georisk"))
    parser.add_argument("--trials", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    scenario = build()
    if RON_PATH.read_text() != to_ron(scenario):
        raise SystemExit(f"{RON_PATH} is out of date: run python3 scenario.py")

    def georisk(threads):
        command = [args.georisk, "run", str(RON_PATH), "--trials", str(args.trials), "--format", "json"]
        if threads:
            command += ["--threads", str(threads)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        return json.loads(out)

    one_thread, g = best_of(args.repeat, lambda: georisk(1))
    all_cores, _ = best_of(args.repeat, lambda: georisk(None))
    numpy_time, n = best_of(args.repeat, lambda: numpy_sim.simulate(scenario, args.trials, 1))

    p = g["portfolio"]
    print(f"{args.trials} trials, 100 events, 50 markets")
    print(f"{'':18}{'mean':>10}{'VaR99':>10}{'ES99':>10}")
    print(f"{'georisk':18}{p['mean']:>10.0f}{p['var99']:>10.0f}{p['es99']:>10.0f}")
    print(f"{'numpy':18}{n['mean']:>10.0f}{n['var99']:>10.0f}{n['es99']:>10.0f}")
    print(f"georisk, 1 thread:   {one_thread:.2f} s")
    print(f"georisk, all cores:  {all_cores:.2f} s")
    print(f"numpy (loop over events, vectorised over trials): {numpy_time:.2f} s")
    print(f"ratio numpy / georisk: {numpy_time / one_thread:.1f}x on 1 thread, "
          f"{numpy_time / all_cores:.1f}x on all cores")


if __name__ == "__main__":
    main()
