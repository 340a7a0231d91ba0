"""The knowledge model: validation, derived edges and the schema it implies."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kg import model as m
from kg.stores import schema_statements

REPO = Path(__file__).resolve().parent.parent


def test_every_relationship_joins_known_labels() -> None:
    for rel in m.RELATIONSHIP_TYPES:
        assert rel.type.isupper() and " " not in rel.type
        for label in rel.start + rel.end:
            assert label in m.NODE_LABELS, (rel.type, label)


def test_every_reference_names_a_known_relationship() -> None:
    for kind in m.NODE_KINDS:
        for field, (rel_type, direction) in kind.REFERENCES.items():
            assert field in kind.model_fields, (kind.LABEL, field)
            assert rel_type in m.REL_TYPES, (kind.LABEL, rel_type)
            assert m.REL_TYPES[rel_type].ends_for(kind.LABEL, direction), (kind.LABEL, rel_type, direction)


def test_the_five_powers_and_enforcement_are_catalogued_with_their_clauses() -> None:
    assert {p.code for p in m.POWERS} == set(m.PowerCode)
    assert {p.clause for p in m.POWERS} == {"DL-1.2a", "DL-1.2b", "DL-1.2c"}
    assert sum(p.clause == "DL-1.2a" for p in m.POWERS) == 4


def test_unknown_fields_and_bad_values_are_refused() -> None:
    with pytest.raises(ValidationError) as e:
        m.Area(id="a", name="甲", level="planet")
    assert e.value.errors()[0]["loc"] == ("level",)
    with pytest.raises(ValidationError) as e:
        m.Body(id="b", name="乙", kind="department", level="county", colour="red")
    assert e.value.errors()[0]["type"] == "extra_forbidden"
    with pytest.raises(ValidationError):
        m.Body(id="b", name="乙", kind="department", level="county", staffing_posts=-1)
    with pytest.raises(ValidationError):
        m.Duty(id=" ", name="x")
    with pytest.raises(ValidationError):
        m.Duty(id="d", name="x", clause="1.3")


def test_body_area_edge_depends_on_its_kind() -> None:
    dept = m.Body(id="d", name="县应急管理局", kind="department", level="county", area="X")
    station = m.Body(
        id="s",
        name="司法所",
        kind="dispatched",
        level="township",
        area="T",
        dispatched_by="d",
        dispatch_status="dispatched",
    )
    assert ("GOVERNS", "out", "X") in dept.edges()
    assert ("SERVES", "out", "T") in station.edges()
    assert ("DISPATCHES", "in", "d") in station.edges()


def test_power_grant_cites_the_clause_of_its_power() -> None:
    grant = m.PowerGrant(id="g", name="执法", holder="t", power="law_enforcement", subject="T")
    assert grant.node_properties()["clause"] == "DL-1.2c"
    grant = m.PowerGrant(id="g2", name="考核", holder="t", power="personnel_advice", subject="s", aspect="assessment")
    assert grant.node_properties()["clause"] == "DL-1.2b"


def test_dates_are_stored_as_iso_text() -> None:
    lst = m.DutyList(id="L", name="清单", kind="basic", owner="t", effective_date="2024-03-01")
    props = lst.node_properties()
    assert props["effective_date"] == "2024-03-01"
    assert props["series"] == "L"


def test_schema_documentation_matches_the_model() -> None:
    from kg.schemadoc import render

    assert (REPO / "schema" / "README.md").read_text(encoding="utf-8") == render()


def test_an_area_cannot_belong_to_a_body() -> None:
    assert m.REL_TYPES["BELONGS_TO"].ends_for("Area", "out") == ("Area",)
    assert m.REL_TYPES["BELONGS_TO"].ends_for("Body", "out") == ("Body",)


def test_schema_file_matches_the_model() -> None:
    text = (REPO / "schema" / "constraints.cypher").read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    statements = [" ".join(s.split()) for s in code.split(";") if s.strip()]
    assert statements == schema_statements()
