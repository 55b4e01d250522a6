"""One shard's work, the same under every engine: extract, classify, write.

Extraction and stance are separate steps so that an engine can run them in
different places (CPU tasks, then a pool of model actors); each returns plain
picklable values. A document that fails at either step becomes an error row
(its id and the reason) and leaves the rest of its shard alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from ..attribution.pipeline import RosterLike, extract_many, extract_quotes
from ..config import DEFAULT, Config
from ..stance.classifiers import StanceClassifier
from ..types import Quote, Stance
from .frames import arrow_schema, conform, quote_record, schema, stance_record
from .sources import Shard
from .store import Store, error_schema

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Found:
    """A quote with what stance and the row need from its document."""

    doc_id: Any
    date: Any
    quote: Quote
    context: str


@dataclass(frozen=True, slots=True)
class Extracted:
    shard: str
    source: str
    documents: int
    found: list[Found] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, reason)


def reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def extract_shard(shard: Shard, roster: RosterLike = None, config: Config = DEFAULT) -> Extracted:
    """Quotes of every document in the shard; one at a time when the batch fails, to find the culprit."""
    from .track import stance_context

    texts = [d.text for d in shard.documents]
    errors = list(shard.errors)
    try:
        per_document = list(extract_many(texts, roster, config=config, n_process=1))  # the engine spreads the work
    except Exception:  # noqa: BLE001 - isolate the failing document below
        per_document = []
        for document in shard.documents:
            try:
                per_document.append(extract_quotes(document.text, roster, config=config, n_process=1))
            except Exception as error:  # noqa: BLE001 - a failing document must never stop the run
                errors.append((document.doc_id, reason(error)))
                per_document.append([])
    found = [Found(d.doc_id, d.date, q, stance_context(d.text, q)) for d, quotes in zip(shard.documents, per_document) for q in quotes]
    return Extracted(shard.id, shard.source, len(shard.documents), found, errors)


def stances_for(model: StanceClassifier, quotes: Sequence[Quote], contexts: Sequence[str | None],
                targets: Sequence[str]) -> dict[str, list[Stance]]:
    """Every quote's stance toward every target: in one call when the model
    takes several targets (``predict_targets``), else one call per target."""
    if not quotes:
        return {t: [] for t in targets}
    several = getattr(model, "predict_targets", None)
    if several is not None and len(targets) > 1:
        return dict(several(quotes, targets, contexts))
    return {t: model.predict(quotes, t, contexts) for t in targets}


def rows_of(found: Sequence[Found], stances: dict[str, list[Stance]] | None) -> list[dict[str, Any]]:
    if stances is None:
        return [quote_record(f.quote, f.doc_id, f.date) for f in found]
    return [{**quote_record(f.quote, f.doc_id, f.date), **stance_record(s, target)}
            for target, labels in stances.items() for f, s in zip(found, labels)]


def classify(extracted: Extracted, model: StanceClassifier | None, targets: Sequence[str]) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """(rows, errors) of a shard; a document whose quotes the model cannot take is an error."""
    errors = list(extracted.errors)
    if model is None or not targets:
        return rows_of(extracted.found, None), errors
    found = extracted.found
    try:
        return rows_of(found, stances_for(model, [f.quote for f in found], [f.context for f in found], targets)), errors
    except Exception:  # noqa: BLE001 - find the document at fault, keep the others
        rows: list[dict[str, Any]] = []
        for doc_id in dict.fromkeys(f.doc_id for f in found):
            mine = [f for f in found if f.doc_id == doc_id]
            try:
                rows += rows_of(mine, stances_for(model, [f.quote for f in mine], [f.context for f in mine], targets))
            except Exception as error:  # noqa: BLE001
                errors.append((doc_id, f"stance: {reason(error)}"))
        return rows, errors


def tables(rows: list[dict[str, Any]], errors: Sequence[tuple[str, str]], source: str, stance: bool) -> tuple["pa.Table", "pa.Table"]:
    """Rows and errors as Arrow tables in their schemas."""
    import pandas as pd
    import pyarrow as pa

    frame = conform(pd.DataFrame(rows, columns=[c.name for c in schema(stance)]))
    table = pa.Table.from_pandas(frame, schema=arrow_schema(stance), preserve_index=False).replace_schema_metadata(None)
    failed = pa.table({"doc_id": [e[0] for e in errors], "source": [source] * len(errors), "reason": [e[1] for e in errors]},
                      schema=error_schema())
    return table, failed


def finish_shard(extracted: Extracted, model: StanceClassifier | None, targets: Sequence[str], store: Store) -> dict[str, Any]:
    """Classify and write one shard; a small summary for the progress bar."""
    rows, errors = classify(extracted, model, targets)
    table, failed = tables(rows, errors, extracted.source, bool(targets))
    store.write_shard(extracted.shard, table, failed)
    return {"shard": extracted.shard, "documents": extracted.documents, "rows": table.num_rows, "errors": failed.num_rows}
