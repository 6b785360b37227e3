"""Parity: the same exchanges against two targets, compared in normal form.

- `normalise`: what of an exchange must agree (IDs, timestamps, page tokens, run tags masked
  by the patterns the contract documents; credentials and contact details masked).
- `transcript`: the sanitised record of a run (`--record FILE`) and the recorder behind it.
- `script`: the workflows a parity run drives (why a script, not pytest twice: see there).
- `replay`: re-send a transcript, rewriting the IDs it learns, and compare.
- `compare`: the named differences between two answers.
- `report`: findings in the conformance report's JSON/Markdown/JUnit formats, and the score.
- `run`: parity runs and replays end to end, with the conformance run's safety.
"""

from contract_tests._parity.compare import Difference, compare
from contract_tests._parity.normalise import Normaliser, Vocabulary
from contract_tests._parity.replay import Outcome, Replayer
from contract_tests._parity.report import ParityRun, summary, write, write_report
from contract_tests._parity.run import open_session, run_parity, run_replay, start_recording
from contract_tests._parity.transcript import Entry, Recorder, TranscriptError, load, save

__all__ = [
    "Difference",
    "Entry",
    "Normaliser",
    "Outcome",
    "ParityRun",
    "Recorder",
    "Replayer",
    "TranscriptError",
    "Vocabulary",
    "compare",
    "load",
    "open_session",
    "run_parity",
    "run_replay",
    "save",
    "start_recording",
    "summary",
    "write",
    "write_report",
]
