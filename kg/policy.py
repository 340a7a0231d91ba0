"""The project's reading of the Dalian plan: clause ids, source sentences, checks.

The reading lives in ``docs/policy/clauses.yaml`` (shipped as the ``policy`` resource
folder, beside the plan text ``plan.zh.txt``). Each entry is validated into a
:class:`Clause`; ids are stable (``DL-1.3-access``) and every query file cites one.

``python -m kg.policy --markdown`` prints the human reading, ``docs/policy/clauses.md``,
generated from the YAML (a test keeps the committed file equal to the output).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from .resources import resource_dir

#: the shape of a clause id: DL-<part>[.<n>][<letter>][-<word>]
CLAUSE_ID_RE = re.compile(r"^DL-\d+(\.\d+)?[a-z]?(-[a-z]+)?$")

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class PolicyError(ValueError):
    """clauses.yaml is missing, malformed, or names an unknown clause."""


class Law(BaseModel):
    """A provision of a law or Party rule behind a clause, quoted."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name_zh: Line  # 《中华人民共和国行政处罚法》
    article: Line  # 第二十条第一款
    text_zh: Line
    note: Line


class Deadline(BaseModel):
    """The plan's deadline for a clause: a date read from the plan's words."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: dt.date
    words_zh: Line
    note: Line


class Clause(BaseModel):
    """One clause or rule of the plan as the project reads it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title_zh: Line
    title_en: Line
    source_zh: Line
    context_zh: tuple[Line, ...] = ()
    source_en: Line
    model: Line
    check: str
    checkable: bool
    params: dict[str, int | float | str] = Field(default_factory=dict)
    deadline: Deadline | None = None
    ambiguities: tuple[Line, ...] = ()
    law: tuple[Law, ...] = ()

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not CLAUSE_ID_RE.match(v):
            raise ValueError(f"clause id {v!r} must look like DL-1, DL-1.2, DL-1.2a or DL-1.3-access")
        return v

    @model_validator(mode="after")
    def _checkable_has_check(self) -> Clause:
        if self.checkable and not self.check.strip():
            raise ValueError(f"{self.id}: a checkable clause says what the audit checks")
        return self

    @property
    def parent(self) -> str | None:
        """``DL-1.3-access`` → ``DL-1.3``; ``DL-1.2a`` → ``DL-1.2``; ``DL-1.3`` → ``DL-1``; ``DL-1`` → None."""
        return _parent(self.id)


class Policy(BaseModel):
    """The whole reading: the plan's year and the clauses in document order."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    plan_year: int
    plan_year_note: Line
    clauses: tuple[Clause, ...]

    @model_validator(mode="after")
    def _ids(self) -> Policy:
        seen: set[str] = set()
        for c in self.clauses:
            if c.id in seen:
                raise ValueError(f"clause id {c.id} appears twice")
            seen.add(c.id)
        for c in self.clauses:
            if c.parent is not None and c.parent not in seen:
                raise ValueError(f"{c.id}: its parent clause {c.parent} is not defined")
        return self


def _parent(clause_id: str) -> str | None:
    if re.search(r"\d-[a-z]+$", clause_id):
        return clause_id.rsplit("-", 1)[0]
    if re.search(r"\d[a-z]$", clause_id):
        return clause_id[:-1]
    if re.search(r"\.\d+$", clause_id):
        return clause_id.rsplit(".", 1)[0]
    return None


def policy_dir() -> Path:
    """The folder holding clauses.yaml and plan.zh.txt."""
    return resource_dir("policy")


@lru_cache(maxsize=4)
def load_policy(path: Path | None = None) -> Policy:
    """Read and validate clauses.yaml (default: the shipped one)."""
    path = path or policy_dir() / "clauses.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise PolicyError(f"{path}: cannot read the clause reading ({e})") from e
    except yaml.YAMLError as e:
        raise PolicyError(f"{path}: not valid YAML ({e})") from e
    try:
        return Policy.model_validate(raw)
    except ValidationError as e:
        raise PolicyError(f"{path}: {e}") from e


def plan_text() -> str:
    """The plan's text (plan.zh.txt) as shipped."""
    return (policy_dir() / "plan.zh.txt").read_text(encoding="utf-8")


def normalise_space(text: str) -> str:
    """Drop all whitespace (the plan's Chinese text has no meaningful spaces)."""
    return re.sub(r"\s+", "", text)


def _by_id() -> dict[str, Clause]:
    return {c.id: c for c in load_policy().clauses}


def clause_ids() -> list[str]:
    """Every clause id, in document order."""
    return [c.id for c in load_policy().clauses]


def clause(clause_id: str) -> Clause:
    """The clause with this id; :class:`PolicyError` naming the valid ids otherwise."""
    found = _by_id().get(clause_id)
    if found is None:
        raise PolicyError(f"no clause {clause_id!r}; choose from: {', '.join(clause_ids())}")
    return found


def source_sentence(clause_id: str) -> str:
    """The plan's sentence a clause rests on, verbatim (Chinese)."""
    return clause(clause_id).source_zh


def ancestors(clause_id: str) -> list[str]:
    """The clause and every clause above it: ``DL-1.3-access`` → ``[DL-1.3-access, DL-1.3, DL-1]``."""
    clause(clause_id)
    out = [clause_id]
    parent = _parent(clause_id)
    while parent is not None:
        out.append(parent)
        parent = _parent(parent)
    return out


def children(clause_id: str) -> list[str]:
    """The clauses directly below one."""
    return [c.id for c in load_policy().clauses if c.parent == clause_id]


def checkable_rules() -> list[Clause]:
    """The clauses an audit checks mechanically, in document order."""
    return [c for c in load_policy().clauses if c.checkable]


# --------------------------------------------------------------------------- markdown


def _md_quote(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(policy: Policy | None = None) -> str:
    """The human reading of clauses.yaml, as committed in docs/policy/clauses.md."""
    p = policy or load_policy()
    out = [
        "# The policy, clause by clause",
        "",
        "<!-- Generated from clauses.yaml by `python -m kg.policy --markdown`; do not edit by hand. -->",
        "",
        "Source: `plan.zh.txt` beside this file — the city Organization Department's reading of the",
        "*Dalian Implementation Plan for Accelerating the Modernisation of Grassroots Social Governance*",
        "(《大连市加快推进基层社会治理现代化建设实施方案》).",
        "",
        "Every rule kg checks cites one of the ids below (`DL-…`). The ids are stable: data, queries,",
        "reports and tests refer to them. Each clause quotes the plan's sentence verbatim, translates it,",
        "and says what the graph holds (**model**) and what an audit checks (**check**). Where the text",
        "is ambiguous the ambiguity is listed: kg reports it instead of guessing.",
        "",
        f"**Plan year.** {p.plan_year}. {p.plan_year_note}",
        "",
        "| id | title | checkable | deadline |",
        "|---|---|---|---|",
    ]
    for c in p.clauses:
        dl = f"{c.deadline.date.isoformat()} ({c.deadline.words_zh})" if c.deadline else ""
        out.append(
            f"| [{c.id}](#{c.id.lower().replace('.', '')}) | {_md_quote(c.title_zh)} / {_md_quote(c.title_en)} | {'yes' if c.checkable else 'no'} | {dl} |"
        )
    out.append("")
    for c in p.clauses:
        level = {0: "##", 1: "###"}.get(len(ancestors(c.id)) - 1, "####")
        out += [f"{level} {c.id}", "", f"**{c.title_zh}** / {c.title_en}", ""]
        out.append(f"> {c.source_zh}")
        for s in c.context_zh:
            out += [">", f"> {s}"]
        out += ["", c.source_en, ""]
        out.append(f"- **model:** {c.model}")
        if c.check:
            out.append(f"- **check:** {c.check}")
        out.append(f"- **checkable:** {'yes' if c.checkable else 'no'}")
        if c.params:
            out.append("- **numbers:** " + ", ".join(f"`{k}` = {v}" for k, v in c.params.items()))
        if c.deadline:
            out.append(f"- **deadline:** {c.deadline.date.isoformat()} — 「{c.deadline.words_zh}」; {c.deadline.note}")
        for a in c.ambiguities:
            out.append(f"- **ambiguity:** {a}")
        for law in c.law:
            out.append(f"- **law:** {law.name_zh}{law.article}：「{law.text_zh}」 — {law.note}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.policy", description="The project's clause reading of the Dalian plan."
    )
    parser.add_argument("--markdown", action="store_true", help="print clauses.md, generated from clauses.yaml")
    parser.add_argument("--ids", action="store_true", help="print every clause id, one per line")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(render_markdown())
    elif args.ids:
        sys.stdout.write("".join(f"{i}\n" for i in clause_ids()))
    else:
        parser.print_help()
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
