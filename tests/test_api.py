"""The package's top-level API names what the CLI and notebooks use."""

from __future__ import annotations

import pytest

import kg
from kg import audit, notebook


def test_lazy_names_are_the_library_functions() -> None:
    assert kg.run_audit is audit.run_audit
    assert kg.check_transfer is audit.check_transfer
    assert kg.findings_frame is notebook.findings_frame
    assert kg.township_graph is notebook.township_graph
    with pytest.raises(AttributeError):
        kg.no_such_thing  # noqa: B018


def test_every_exported_name_resolves() -> None:
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
