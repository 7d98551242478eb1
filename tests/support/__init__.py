"""What the root conftest.py loads as pytest plugins (`pytest_plugins` there): the shared fixtures and hooks every
app's tests use. Nothing here is a test; pytest collects only `test_*.py`."""
