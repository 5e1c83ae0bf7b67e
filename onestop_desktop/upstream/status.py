"""The store at a glance: each desk, its last export, the exports missing, the counts."""

from __future__ import annotations

from typing import Any

from onestop_desktop.sync import keys
from onestop_desktop.upstream.store import UpstreamStore, readable
from onestop_desktop.upstream.verifying import SHOWN_SPANS, Span


def missing_sequences(store: UpstreamStore) -> dict[str, list[Span]]:
    """Per desk, the ranges of export numbers not imported below the highest one seen in a
    file refused as out of sequence: what the desk has written but upstream has not received.
    Ranges, not numbers: one signed file may claim export 20,000,000."""
    highest = store.highest_refused()
    out: dict[str, list[Span]] = {}
    for desk in store.desks():
        top = highest.get(desk.desk_id, 0)
        if top > desk.last_export_seq + 1:
            out[desk.desk_id] = [(desk.last_export_seq + 1, top - 1)]
    return out


def missing_json(spans: list[Span]) -> list[list[int]]:
    """The missing ranges as JSON: `[[first, last], …]`, at most `SHOWN_SPANS` of them."""
    return [[a, b] for a, b in spans[:SHOWN_SPANS]]


def status(store: UpstreamStore) -> dict[str, Any]:
    """The store at a glance: desks, their last export, missing numbers, counts."""
    missing = missing_sequences(store)
    by_desk = store.dossiers_by_desk()
    desks = []
    for desk in store.desks():
        last = store.import_record(desk.desk_id, desk.last_export_seq)
        desks.append(
            {
                "desk_id": desk.desk_id,
                "fingerprint": keys.fingerprint(keys.parse_public(desk.public_key)),
                "registered_at": readable(desk.registered_at),
                "last_export_seq": desk.last_export_seq,
                "last_imported_at": readable(last.imported_at) if last else None,
                "dossiers": by_desk.get(desk.desk_id, 0),
                "missing": missing_json(missing.get(desk.desk_id, [])),
            }
        )
    return {"store": store.where, "kind": store.kind, "counts": store.counts(), "desks": desks}
