"""Stateful: walk the spec's links (create -> operation -> pool by operationId -> fetch /
update / delete -> senders), checking every response on the way."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import reject
from hypothesis.errors import Flaky

from contract_tests import Blocked, FuzzDrift, Fuzzer, Inconclusive, Profile, Target


@pytest.mark.slow  # the state machine's budget: over 15 s on 2 cores with the default profile
def test_linked_workflows_conform(
    api_schema: Any, fuzzer: Fuzzer, profile: Profile, target: Target
) -> None:
    own_emulator = not target.external

    class Workflow(api_schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            if fuzzer.session.run.fuzz_budget_spent():
                reject()  # the profile's time budget is spent: end the scenarios
            # The suite's own emulator starts each scenario empty (Hypothesis needs a
            # reproducible start); another target's state is never reset, only added to.
            if own_emulator and target.app is not None:
                target.app.state.world.reset()
            elif own_emulator and target.control_url:
                # (The control plane takes state changes only as application/json.)
                headers = {"Content-Type": "application/json"}
                reset = httpx.post(f"{target.control_url}/reset", headers=headers, timeout=10)
                reset.raise_for_status()

        def call(self, case: Any, **kwargs: Any) -> Any:
            try:
                return fuzzer.send(case, **kwargs)
            except Blocked:
                reject()  # e.g. a link picked a pool this run did not create

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            try:
                fuzzer.validate(case, response)
            except FuzzDrift as drift:
                first_drift.append(drift)
                raise

    first_drift: list[FuzzDrift] = []
    try:
        Workflow.run(
            settings=profile.hypothesis_settings(
                max_examples=profile.stateful_examples,
                stateful_step_count=profile.stateful_steps,
            )
        )
    except Flaky:
        # A target whose state the run may not reset cannot replay a failing scenario
        # exactly; the drift seen first is the finding, not Hypothesis' replay trouble.
        if first_drift:
            raise first_drift[0] from None
        patience = fuzzer.session.patience
        if patience.retries or patience.busy_cases or patience.reads:
            # No step drifted, but the target answered a replay differently: it was busy or
            # its lists lagged (conforming variance), so Hypothesis could not re-walk a
            # scenario. That proves nothing either way.
            raise Inconclusive(
                "the stateful scenarios could not be replayed on a busy or eventually "
                "consistent target; every step that ran conformed"
            ) from None
        raise
