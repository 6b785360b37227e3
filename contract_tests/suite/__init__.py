"""The pytest plugin (`conftest.py`), the contract tests and their own `_suite.ini`."""
