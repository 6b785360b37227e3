"""What the request journal costs (`nox -s bench`): fetch throughput with the journal on (its
default size) and off (`--journal-size 0`), measured in turn so both meet the same box.
Prints a table; asserts nothing; the ratio is the median of the rounds. Target (issue 23): on
within 5% of off."""

from __future__ import annotations

from scripts.bench.emulator_bench import MEMBERS, fetch, measure_get, row, server

ROUNDS = 5
POOLS = 1_000


def main() -> None:
    print(f"\nRequest journal: fetch pool ({POOLS:,} pools), journal on vs off, {ROUNDS} rounds")
    print(
        "| scenario                               | gen |   req/s  | p50 ms  | p99 ms  | errors |"
    )
    print(
        "|----------------------------------------|-----|----------|---------|---------|--------|"
    )
    ratios: list[float] = []
    common = ("emulator", "--pools", str(POOLS), "--members", str(MEMBERS))
    with server(*common) as on, server(*common, "--journal-size", "0") as off:
        for number in range(1, ROUNDS + 1):
            rates = {}
            # Alternating which goes first, so neither always meets a warmer (or busier) box.
            order = [("off", off), ("on", on)]
            for name, info in order if number % 2 else order[::-1]:
                ids = info["pool_ids"]
                paths = [f"/v1/SenderPools/{i}" for i in ids]
                result, gen = measure_get(info["port"], paths, fetch(ids))
                rates[name] = result.rate
                print(row(f"round {number}: fetch, journal {name}", result, gen))
            ratios.append(rates["on"] / rates["off"])
    median = sorted(ratios)[len(ratios) // 2]
    print(f"  fetch with the journal on vs off, median of the rounds: {median:.1%} (target >= 95%)")


if __name__ == "__main__":
    main()
