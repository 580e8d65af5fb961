"""Score the structure of figures: is each part a part of the right whole, each change a change?

The gold structure of a figure is its optional ``role`` / ``parent`` fields (corpus gold may carry
them), else what its relations imply: the parts of a ``sum`` are parts of its whole; a ``growth``
relation's ``increment``, ``delta`` and ``result`` are changes. Only parts and changes are scored.
A predicted part is right when its ``parent`` is the predicted figure matched to the gold whole; a
predicted change is right when its role is ``change``. Figures are matched as in evaluate.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .evaluate import GoldArticle, Record, _predicted_figures, match_figures

SCORED_ROLES = ("part", "change")
_CHANGE_ROLES = ("increment", "delta", "result")


@dataclass(frozen=True)
class StructureError:
    doc_id: str
    surface: str
    gold_role: str
    gold_parent: str | None
    predicted_role: str | None
    predicted_parent: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "surface": self.surface,
            "gold_role": self.gold_role,
            "gold_parent": self.gold_parent,
            "predicted_role": self.predicted_role,
            "predicted_parent": self.predicted_parent,
        }


@dataclass(frozen=True)
class StructureScore:
    compared: Mapping[str, int]
    agreed: Mapping[str, int]
    errors: tuple[StructureError, ...]

    def rate(self, role: str | None = None) -> float | None:
        roles = SCORED_ROLES if role is None else (role,)
        compared = sum(self.compared.get(r, 0) for r in roles)
        return round(sum(self.agreed.get(r, 0) for r in roles) / compared, 4) if compared else None

    def to_dict(self) -> dict[str, object]:
        by_role = {
            role: {"compared": self.compared.get(role, 0), "agreed": self.agreed.get(role, 0), "rate": self.rate(role)}
            for role in SCORED_ROLES
        }
        return {"by_role": by_role, "rate": self.rate(), "errors": [error.to_dict() for error in self.errors]}

    def format_line(self) -> str:
        parts = ", ".join(f"{role} {self.agreed.get(role, 0)}/{self.compared.get(role, 0)}" for role in SCORED_ROLES)
        return f"role/parent of parts and changes: {self.rate()} ({parts})"


def gold_structure(article: GoldArticle) -> dict[int, tuple[str, int | None]]:
    """Gold figure index -> (role, parent index) for the figures whose structure is known."""
    implied: dict[int, tuple[str, int | None]] = {}
    for relation in article.relations:
        roles = dict(relation.roles)
        if relation.kind == "sum" and roles.get("whole"):
            whole = roles["whole"][0]
            implied.update(dict.fromkeys(roles.get("parts", ()), ("part", whole)))
        elif relation.kind == "growth":
            implied.update({i: ("change", None) for role in _CHANGE_ROLES for i in roles.get(role, ())})
    for figure in article.figures:
        if figure.role is not None:
            implied[figure.index] = (figure.role, figure.parent)
    return implied


def score_structure(gold: Sequence[GoldArticle], predicted: Mapping[str, Record]) -> StructureScore:
    compared: dict[str, int] = {}
    agreed: dict[str, int] = {}
    errors: list[StructureError] = []
    for article in gold:
        document = predicted.get(article.id)
        figures = _predicted_figures(document, article.id) if document is not None else ()
        matched = {m.gold.index: m.predicted for m in match_figures(article.figures, figures)}
        for index, (role, parent) in sorted(gold_structure(article).items()):
            if role not in SCORED_ROLES:
                continue
            compared[role] = compared.get(role, 0) + 1
            found = matched.get(index)
            want_parent = matched[parent].id if parent is not None and parent in matched else None
            right = found is not None and found.role == role and (role != "part" or found.parent == want_parent)
            if right:
                agreed[role] = agreed.get(role, 0) + 1
                continue
            errors.append(
                StructureError(
                    article.id,
                    article.figures[index].surface,
                    role,
                    article.figures[parent].surface if parent is not None else None,
                    found.role if found is not None else None,
                    found.parent if found is not None else None,
                )
            )
    return StructureScore(compared, agreed, tuple(errors))
