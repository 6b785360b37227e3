"""What a report says to replay its run: the seed, the shard, the exchange digest and the
command that reruns it (`_seed.py` says what the seed fixes)."""

from __future__ import annotations

from typing import Any

from contract_tests._context import RunContext


def replay_summary(replay: dict[str, Any], run: RunContext) -> dict[str, Any]:
    """`replay` as the composition root gave it (seed, shard, rerun), with the digest."""
    return {**replay, "exchangeDigest": run.digest.summary()}


def replay_lines(replay: dict[str, Any] | None) -> list[str]:
    if not replay:
        return []
    digests = replay.get("shardDigests") or [replay["exchangeDigest"]]
    shown = ", ".join(f"`{d['sha256'][:16]}` ({d['exchanges']} exchanges)" for d in digests)
    return [
        f"- Seed: `{replay['seed']}`"
        + (f"; shard {replay['shard']}" if replay.get("shard") else "")
        + f"; exchange digest {shown}",
        f"- Rerun: `{replay['rerun']}`",
    ]
