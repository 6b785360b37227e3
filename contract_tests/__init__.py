"""The conformance suite: fuzz and probe any target against spec/ and report every drift.

The same test bodies run against the emulator in-process, the emulator over HTTP, and any base
URL with credentials (the real API). Where targets may legitimately differ, `divergences.py`
says so, in one place.
"""
