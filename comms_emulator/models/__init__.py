"""Domain state of the emulator: accounts, senders, pools, memberships and Operations.

Nothing here knows about HTTP. Every mutation of an account happens under that account's lock,
and a multi-item change (an Operation) is applied in one step, so no reader ever sees half of it.
"""
