"""HTTP handling: routing, auth, spec-driven validation, error mapping and rendering.

Handlers translate between requests and `comms_emulator.models`; they hold no state of their own.
"""
