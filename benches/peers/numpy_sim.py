"""The benchmark scenario simulated the way an analyst would in numpy: a loop over events,
vectorised over trials, with the same outputs as `georisk run` (portfolio mean, sd, VaR/ES,
event probabilities and contributions, market mean and 5%/95% quantiles).

    python3 numpy_sim.py [--trials N] [--seed S]
"""

import argparse
import time

import numpy as np

from scenario import build


def pert(rng, low, likely, high, size):
    alpha = 1 + 4 * (likely - low) / (high - low)
    beta = 1 + 4 * (high - likely) / (high - low)
    return low + rng.beta(alpha, beta, size) * (high - low)


def draw_shock(rng, shock, size):
    kind = shock[0]
    if kind == "fixed":
        return shock[1]
    if kind == "normal":
        return rng.normal(shock[1], shock[2], size)
    if kind == "triangular":
        return rng.triangular(shock[1], shock[2], shock[3], size)
    return rng.uniform(shock[1], shock[2], size)


def simulate(sc, trials, seed):
    rng = np.random.default_rng(seed)
    events, markets = sc["events"], sc["markets"]
    occurred = np.zeros((len(events), trials), dtype=bool)
    log_return = np.zeros((len(markets), trials))
    incoming = {}
    for a, b, odds in sc["links"]:
        incoming.setdefault(b, []).append((a, odds))

    # The at-most-one group: one categorical draw per trial, "none" with the remaining probability.
    group = sc["group"]
    cumulative = np.cumsum([events[e]["likelihood"][1] for e in group])
    choice = np.searchsorted(cumulative, rng.random(trials), side="right")
    for j, e in enumerate(group):
        occurred[e] = choice == j

    # Links only go from lower to higher index, so index order is a topological order.
    for e, event in enumerate(events):
        if e in group:
            continue
        lk = event["likelihood"]
        p = np.full(trials, lk[1]) if lk[0] == "point" else pert(rng, lk[1], lk[2], lk[3], trials)
        for source, odds in incoming.get(e, []):
            o = np.where(occurred[source], odds, 1.0)
            p = o * p / (1 - p + o * p)
        occurred[e] = rng.random(trials) < p

    for e, event in enumerate(events):
        hit = occurred[e]
        count = int(hit.sum())
        for m, shock in event["shocks"]:
            log_return[m, hit] += draw_shock(rng, shock, count)

    sd = np.array([m["volatility"] for m in markets])
    log_return += sd[:, None] * rng.standard_normal((len(markets), trials))
    growth = np.expm1(log_return)
    values = np.array([m["value"] for m in markets])
    pnl = values @ growth

    var95, var99 = -np.quantile(pnl, [0.05, 0.01])
    tail = pnl <= -var99
    result = {
        "mean": pnl.mean(),
        "sd": pnl.std(ddof=1),
        "var95": var95,
        "var99": var99,
        "es95": -pnl[pnl <= -var95].mean(),
        "es99": -pnl[tail].mean(),
        "prob_loss": (pnl < 0).mean(),
        "probability": occurred.mean(axis=1),
        "mean_pnl_if": [pnl[occurred[e]].mean() for e in range(len(events))],
        "mean_pnl_if_not": [pnl[~occurred[e]].mean() for e in range(len(events))],
        "tail_share": occurred[:, tail].mean(axis=1),
        "market_mean": growth.mean(axis=1),
        "market_q": np.quantile(growth, [0.05, 0.95], axis=1),
    }
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    r = simulate(build(), args.trials, args.seed)
    elapsed = time.perf_counter() - start
    print(f"numpy: {args.trials} trials in {elapsed:.2f} s; mean {r['mean']:.0f}, "
          f"VaR99 {r['var99']:.0f}, ES99 {r['es99']:.0f}")
