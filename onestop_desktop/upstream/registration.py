"""Registering a desk upstream: its id (`<agency code>#<station>`) and the public key its
`key` command prints, which every one of its sync files must be signed with."""

from __future__ import annotations

import re

from onestop_desktop.domain.clock import Clock, SystemClock
from onestop_desktop.domain.errors import InputError
from onestop_desktop.domain.text import excerpt, excerpt_vi
from onestop_desktop.sync import keys
from onestop_desktop.upstream.store import Desk, UpstreamStore, stamp

DESK_ID_RE = re.compile(r"^(?P<agency>[A-Z0-9.]{1,35})#(?P<station>[0-9])$")


class RegistrationError(InputError):
    """A desk cannot be registered as asked; the message says why and what to do."""


def bad_public_key(error: ValueError) -> RegistrationError:
    """The refusal of a public key that does not parse (`error` says why)."""
    return RegistrationError(f"Khóa công khai không hợp lệ: {error}", f"public key: {error}")


def register_desk(
    store: UpstreamStore,
    desk_id: str,
    public_key_text: str,
    *,
    replace: bool = False,
    clock: Clock | None = None,
) -> Desk:
    """Register a desk's public key (the text the desk's `key` command prints).

    Registering the same key again changes nothing. A different key for a registered desk is
    refused unless `replace` (the desk lost its key and made a new one); its chain is kept.
    """
    match = DESK_ID_RE.match(desk_id.strip())
    if not match:
        raise RegistrationError(
            f"Mã trạm {excerpt_vi(desk_id)} không hợp lệ: cần dạng <mã cơ quan>#<số trạm>, ví dụ "
            "000.00.01.H56#1, như lệnh `key` của quầy in ra.",
            f"desk id {excerpt(desk_id)} is not valid: expected <agency code>#<station>, such as "
            "000.00.01.H56#1, as the desk's `key` command prints it",
        )
    desk_id = desk_id.strip()
    try:
        public = keys.parse_public(public_key_text)
    except ValueError as error:
        raise bad_public_key(error) from None
    text = keys.public_text(public)
    existing = store.desk(desk_id)
    if existing is not None:
        if existing.public_key == text:
            return existing
        if not replace:
            old = keys.fingerprint(keys.parse_public(existing.public_key))
            raise RegistrationError(
                f"Trạm {desk_id} đã được đăng ký với một khóa khác (dấu vân tay {old[:16]}…); "
                "nếu quầy đã tạo khóa mới, hãy đăng ký lại để thay khóa cũ.",
                f"desk {desk_id} is already registered with another key (fingerprint "
                f"{old[:16]}…); if the desk made a new key, register it again replacing the old "
                "one",
                cli_hint="--replace",
            )
    now = (clock or SystemClock()).now()
    store.add_desk(
        Desk(
            desk_id=desk_id,
            agency_code=match["agency"],
            station=int(match["station"]),
            public_key=text,
            registered_at=existing.registered_at if existing else stamp(now),
            last_export_seq=existing.last_export_seq if existing else 0,
            last_manifest_sha256=existing.last_manifest_sha256 if existing else None,
        )
    )
    desk = store.desk(desk_id)
    assert desk is not None
    return desk
