"""The link of a 政策解读 to the policy document it explains (``interprets``, a 索引号).

A draft that ``interprets`` is a 政策解读 and names an existing item of a policy kind (规章,
行政规范性文件, 政策文件); the channels show the link both ways (解读的文件 / 相关解读).
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from ..errors import InvalidInputError
from ..models import DocumentKind, EditionDraft
from ..store.tables import items

#: The kinds a 政策解读 may explain (政策文件 in the broad sense).
POLICY_KINDS = frozenset({DocumentKind.RULE, DocumentKind.NORMATIVE, DocumentKind.POLICY})
NOT_FOUND = "所解读的文件不存在（索引号未找到）"


def _wrong_kind(kind: str) -> str:
    kinds = "、".join(sorted(k.value for k in POLICY_KINDS))
    return f"所解读的文件须为{kinds}（该索引号的类别为{kind}）"


def check_interprets(
    conn: Connection,
    draft: EditionDraft,
    own_index_no: str | None = None,
    *,
    known_target: bool = False,
) -> None:
    """A draft that ``interprets`` must be a 政策解读 naming an existing policy document
    (``known_target``: the target was checked already)."""
    target = draft.interprets
    if not target:
        return
    if draft.kind is not DocumentKind.INTERPRETATION:
        raise InvalidInputError(
            "interprets", f"只有政策解读可以关联所解读的文件（本事项类别为{draft.kind.value}）"
        )
    if target == own_index_no:
        raise InvalidInputError("interprets", "政策解读不能关联其自身", target)
    problem = None if known_target else interprets_problems(conn, {target}).get(target)
    if problem:
        raise InvalidInputError("interprets", problem, target)


def interprets_problems(conn: Connection, targets: set[str]) -> dict[str, str]:
    """Each 索引号 in ``targets`` that is not a policy document, with why (one query per
    900 names: imports check all their rows at once)."""
    found: dict[str, str] = {}
    names = sorted(targets)
    for start in range(0, len(names), 900):
        chunk = names[start : start + 900]
        q = select(items.c.index_no, items.c.kind).where(items.c.index_no.in_(chunk))
        found.update((r.index_no, r.kind) for r in conn.execute(q))
    policy = {k.value for k in POLICY_KINDS}
    return {
        t: NOT_FOUND if t not in found else _wrong_kind(found[t])
        for t in names
        if found.get(t) not in policy
    }
