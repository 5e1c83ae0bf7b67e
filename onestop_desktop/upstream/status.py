"""The store at a glance: each desk, its last export, the exports missing, the counts."""

from __future__ import annotations

from typing import Any

from onestop_desktop.sync import keys
from onestop_desktop.upstream.store import UpstreamStore


def missing_sequences(store: UpstreamStore) -> dict[str, list[int]]:
    """Per desk, the export numbers not imported below the highest one seen in a file refused
    as out of sequence: what the desk has written but upstream has not received."""
    highest = store.highest_refused()
    out: dict[str, list[int]] = {}
    for desk in store.desks():
        top = highest.get(desk.desk_id, 0)
        if top > desk.last_export_seq + 1:
            out[desk.desk_id] = list(range(desk.last_export_seq + 1, top))
    return out


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
                "registered_at": desk.registered_at,
                "last_export_seq": desk.last_export_seq,
                "last_imported_at": last.imported_at if last else None,
                "dossiers": by_desk.get(desk.desk_id, 0),
                "missing": missing.get(desk.desk_id, []),
            }
        )
    return {"store": store.where, "kind": store.kind, "counts": store.counts(), "desks": desks}
