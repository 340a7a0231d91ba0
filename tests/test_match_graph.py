"""kg.match in the graph (issue 13): candidates written at load, the analyst's decisions in
matches.yaml, and the audits that treat a confirmed pair as one duty — on every store.

The sample seeds one candidate (S15: d306 on 松岭镇's basic list and d703 on 东山区综合行政
执法局's list, worded differently, both resting on 《城乡规划法》第六十四条) and rejects two
look-alike licences in its matches.yaml.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg import model as m
from kg.audit import run_audit
from kg.cli import cli
from kg.errors import DataError
from kg.ingest.dataset import read_dataset
from kg.ingest.load import load_dataset
from kg.match.dataset import dataset_candidates, dataset_items, match_rows, record_decision
from kg.stores import Store

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
PAIR = ("d306", "d703")
REJECTED = {("d803", "d805"), ("d805", "d909"), ("d207", "d806"), ("d408", "d603")}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample, so decisions can be recorded in it."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample"))


def keys(store: Store) -> Counter[tuple[str, str | None, str, tuple[str, ...]]]:
    return Counter((f.rule_id, f.township_id, f.subject_id, tuple(sorted(f.related_ids))) for f in run_audit(store))


def rel_pairs(store: Store, rel_type: str) -> set[tuple[str, str]]:
    assert rel_type in m.REL_TYPES
    rows = store.run(f"MATCH (a:Duty)-[:{rel_type}]->(b:Duty) RETURN a.id, b.id").rows
    return {(a, b) for a, b in rows}


CANDIDATE = ("duty-overlap-candidate", "ds-sl", "d306", ("d703", "ds-sl-gov", "ds-zf"))
OVERLAP = ("duty-overlap", "ds-sl", "d306", ("ds-sl-gov", "ds-zf"))
UNRECORDED = ("access-unrecorded-handover", "ds-sl", "d306", ("ds-sl-gov", "ds-zf", "list-ds-zf-2024"))


# --------------------------------------------------------------------------- candidates at load


def test_sample_candidate_is_written_with_its_evidence(store: Store) -> None:
    load_dataset(store, SAMPLE)
    rows = store.run(
        "MATCH (a:Duty)-[r:RESEMBLES]->(b:Duty) RETURN a.id, b.id, r.score, r.shared_articles, r.holders, "
        "r.township, r.dataset"
    ).rows
    assert len(rows) == 1
    a, b, score, shared, holders, township, dataset = rows[0]
    assert (a, b) == PAIR and township == "ds-sl" and dataset == "sample"
    assert 0.5 <= score <= 1 and holders == ["ds-sl-gov", "ds-zf"]
    assert shared == ["《城乡规划法》第六十四条"]
    found = keys(store)
    assert found[CANDIDATE] == 1 and found[OVERLAP] == 0
    finding = next(f for f in run_audit(store) if f.rule_id == "duty-overlap-candidate")
    assert finding.severity == "warning" and finding.clause == "DL-1.3-list"
    for text in ("违法建设治理", "东山区综合行政执法局", "松岭镇人民政府", "《城乡规划法》第六十四条"):
        assert text in finding.message_zh
    assert "《城乡规划法》第六十四条" in finding.message_en


def test_without_its_decisions_the_sample_proposes_the_look_alikes_again(store: Store, sample: Path) -> None:
    """The rejections in the sample's matches.yaml are what keeps two pairs out."""
    load_dataset(store, SAMPLE)
    assert rel_pairs(store, "RESEMBLES") == {PAIR}
    (sample / "matches.yaml").unlink()
    load_dataset(store, sample)
    assert rel_pairs(store, "RESEMBLES") == {PAIR} | REJECTED


def test_load_without_matching_writes_no_candidates(store: Store) -> None:
    load_dataset(store, SAMPLE, match=False)
    assert rel_pairs(store, "RESEMBLES") == set()
    assert CANDIDATE not in keys(store)


def test_items_follow_current_lists_and_lines() -> None:
    ds = read_dataset(SAMPLE)
    items = dataset_items(ds)
    by_id: dict[str, set[tuple[str | None, str]]] = {}
    for i in items:
        by_id.setdefault(i.id, set()).add((i.holder, i.jurisdiction))
    # a county department's item is in the line of each township of its county (东山区: three)
    assert by_id["d703"] == {("ds-zf", "ds-hb"), ("ds-zf", "ds-qn"), ("ds-zf", "ds-sl")}
    assert by_id["d306"] == {("ds-sl-gov", "ds-sl")}
    # d302 is led on 松岭镇's basic list, and only listed on its taken-back list: no taken-back holder
    assert {h for h, _ in by_id["d302"]} == {"ds-sl-gov"}
    # the superseded 2023 list of 东山区自然资源局 led d301; the 2024 version does not
    assert "ds-zr" not in {h for h, _ in by_id.get("d301", set())}


# --------------------------------------------------------------------------- decisions


def test_confirmed_pair_turns_two_leads_into_an_overlap(store: Store, sample: Path) -> None:
    load_dataset(store, sample)
    before = keys(store)
    record_decision(sample, "d703", "d306", "same", by="测试分析员", note="同一条款")
    load_dataset(store, sample)
    after = keys(store)
    assert after - before == Counter([OVERLAP, UNRECORDED])
    assert before - after == Counter([CANDIDATE])
    assert rel_pairs(store, "SAME_AS") == {PAIR}
    assert rel_pairs(store, "RESEMBLES") == set()
    by, note, source = store.run("MATCH (:Duty)-[r:SAME_AS]->(:Duty) RETURN r.by, r.note, r.source_file").rows[0]
    assert (by, note) == ("测试分析员", "同一条款") and source.endswith("matches.yaml")


def test_rejected_pair_silences_the_candidate(store: Store, sample: Path) -> None:
    load_dataset(store, sample)
    before = keys(store)
    record_decision(sample, "d306", "d703", m.MatchVerdict.DIFFERENT, by="测试分析员")
    load_dataset(store, sample)
    after = keys(store)
    assert before - after == Counter([CANDIDATE]) and not after - before
    assert rel_pairs(store, "RESEMBLES") == set() and rel_pairs(store, "SAME_AS") == set()


def test_decisions_survive_reloads_and_can_be_changed(store: Store, sample: Path) -> None:
    record_decision(sample, "d306", "d703", "same", by="a")
    load_dataset(store, sample)
    first = keys(store)
    report = load_dataset(store, sample)
    assert keys(store) == first and report.relationships_removed == 0
    assert rel_pairs(store, "SAME_AS") == {PAIR}
    # the analyst changes their mind: the earlier decision is replaced, the SAME_AS edge goes
    record_decision(sample, "d703", "d306", "different", by="b")
    entries = yaml.safe_load((sample / "matches.yaml").read_text(encoding="utf-8"))
    assert [(e["a"], e["b"], e["decision"]) for e in entries if "d306" in (e["a"], e["b"])] == [
        ("d703", "d306", "different")
    ]
    assert (sample / "matches.yaml").read_text(encoding="utf-8").startswith("# 示例市样例数据")
    load_dataset(store, sample)
    assert rel_pairs(store, "SAME_AS") == set() and rel_pairs(store, "RESEMBLES") == set()
    assert OVERLAP not in keys(store) and CANDIDATE not in keys(store)


def test_same_as_chains_are_one_duty(store: Store, sample: Path) -> None:
    """Three items confirmed pairwise in a chain count as one duty, named by the smallest id."""
    with (sample / "lists" / "list-ds-hb-basic.csv").open("a", encoding="utf-8") as fh:
        fh.write("11,d107,违法建设行为的制止和查处,行政处罚,,,ds-hb-gov,\n")
    record_decision(sample, "d306", "d703", "same", by="a")
    record_decision(sample, "d703", "d107", "same", by="a")
    load_dataset(store, sample)
    found = keys(store)
    # d107 (湖滨街道) is the class's smallest id: one overlap per township, with all leads there
    assert found[("duty-overlap", "ds-hb", "d107", ("ds-hb-gov", "ds-zf"))] == 1
    assert found[("duty-overlap", "ds-sl", "d107", ("ds-sl-gov", "ds-zf"))] == 1
    assert not [k for k in found if k[0] == "duty-overlap" and k[2] in PAIR]


def test_a_lead_of_a_confirmed_item_fills_a_gap(store: Store, sample: Path) -> None:
    """S4: d103 on 湖滨街道's basic list has no lead; once confirmed as the same duty as d003,
    which 湖滨街道平安建设办公室 leads, it is no longer a gap (and nothing else changes)."""
    load_dataset(store, sample)
    before = keys(store)
    record_decision(sample, "d103", "d003", "same", by="a")
    load_dataset(store, sample)
    after = keys(store)
    assert before - after == Counter([("duty-gap", "ds-hb", "d103", ("list-ds-hb-basic",))])
    assert not after - before


def test_access_audits_follow_confirmed_items(store: Store, sample: Path) -> None:
    """d801 is on 湖滨街道's taken-back list; confirming it as the same duty as d104, which
    湖滨街道办事处 leads, makes d104 a taken-back duty still held. 东山区综合行政执法局 leads
    d801, but it entrusted (委托) d104 to 湖滨街道 (ho-ds-zf-d104), so both are one line of
    responsibility (no overlap), and that hand-over counts for the department's d801 (no
    unrecorded-handover finding). (The pair is chosen to exercise the rules, not for its
    meaning.)"""
    load_dataset(store, sample)
    before = keys(store)
    record_decision(sample, "d801", "d104", "same", by="a")
    load_dataset(store, sample)
    after = keys(store)
    assert after - before == Counter(
        [
            ("access-taken-back-still-held", "ds-hb", "d801", ("ds-hb-gov", "list-ds-hb-back", "list-ds-hb-basic")),
        ]
    )
    assert not before - after


# --------------------------------------------------------------------------- bad matches.yaml


def test_bad_matches_file_gives_located_errors_and_writes_nothing(store: Store, sample: Path) -> None:
    (sample / "matches.yaml").write_text(
        "- {a: d306, b: nope, decision: same, by: x, at: '2024-01-01'}\n"  # row 1: unknown id
        "- {a: d306, b: d703, decision: maybe, by: x, at: '2024-01-01'}\n"  # row 2: bad decision
        "- {a: d306, b: d306, decision: same, by: x, at: '2024-01-01'}\n"  # row 3: one item twice
        "- {a: d803, b: d805, decision: same, by: x, at: '2024-01-01'}\n"
        "- {a: d805, b: d803, decision: different, by: x, at: '2024-01-01'}\n"  # row 5: decided twice
        "- {a: d306, b: ds-zf, decision: same, by: x, at: '2024-01-01', extra: 1}\n",  # row 6
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        load_dataset(store, sample)
    got = {(i.file.split("/")[-1], i.row, i.column) for i in err.value.issues}
    assert got == {
        ("matches.yaml", 1, "b"),
        ("matches.yaml", 2, "decision"),
        ("matches.yaml", 3, "b"),
        ("matches.yaml", 5, "a"),
        ("matches.yaml", 6, "extra"),
    }
    text = str(err.value)
    assert "'nope' is not a duty item" in text and "decided twice" in text
    assert store.run("MATCH (n) WHERE n.dataset IS NOT NULL RETURN count(n)").rows[0][0] == 0


def test_matches_file_must_be_a_list(sample: Path) -> None:
    (sample / "matches.yaml").write_text("a: d306\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"matches.yaml, row 1: must be a YAML list"):
        read_dataset(sample)


def test_record_decision_refuses_unknown_ids(sample: Path) -> None:
    before = (sample / "matches.yaml").read_text(encoding="utf-8")
    with pytest.raises(DataError, match=r"matches.yaml, column a: a 'ds-zf' is not a duty item"):
        record_decision(sample, "ds-zf", "d703", "same", by="x")
    assert (sample / "matches.yaml").read_text(encoding="utf-8") == before


# --------------------------------------------------------------------------- kg match


class _Obj:
    def __init__(self, store: Store) -> None:
        self._store = store

    def store(self) -> Store:
        return self._store


def test_kg_match_commands(store: Store, sample: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str, str]:
        res = runner.invoke(cli, list(args), obj=_Obj(store), catch_exceptions=False)
        return res.exit_code, res.stdout, res.stderr

    code, out, _ = run("match", "list", "-d", str(sample), "--open", "--format", "csv")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("open,") and ",d306," in lines[1] and ",d703," in lines[1]
    code, out, _ = run("match", "confirm", "d306", "d703", "-d", str(sample), "--by", "分析员", "--load")
    assert code == 0 and "same duty" in out
    assert OVERLAP in keys(store) and CANDIDATE not in keys(store)
    code, out, _ = run("match", "list", "-d", str(sample), "--format", "json")
    statuses = Counter(r["status"] for r in yaml.safe_load(out))
    assert statuses == Counter({"different": len(REJECTED), "same": 1})
    code, _, err = run("match", "reject", "d306", "x999", "-d", str(sample))
    assert code == 3 and "matches.yaml, column b: b 'x999' is not a duty item" in err


def test_match_rows_lists_open_and_decided(sample: Path) -> None:
    ds = read_dataset(sample)
    assert {(c.a, c.b) for c in dataset_candidates(ds)} == {PAIR}
    rows = match_rows(ds)
    assert {(r["a"], r["b"], r["status"]) for r in rows} == {("d306", "d703", "open")} | {
        (a, b, "different") for a, b in REJECTED
    }
    assert [r["status"] for r in match_rows(ds, decided=False)] == ["open"]
