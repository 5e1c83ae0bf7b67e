"""The office's people: who they are, what they may do, and the PIN a clerk signs in with.

Roles: clerks at the one-stop desk (người tiếp nhận), officers who process dossiers (công chức
chuyên môn, with the fields of procedures they handle), signers (the head of the agency or a
deputy) and administrators (who change settings, people and the calendar). One person may hold
several roles. A retired person keeps their id, so the history of the dossiers they touched
still names them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from onestop_desktop.domain.dossier import FieldError, InvalidInput, control_character_error
from onestop_desktop.domain.text import excerpt, excerpt_vi, normalise_name

#: role → (Vietnamese label, English label)
ROLES: dict[str, tuple[str, str]] = {
    "clerk": ("Người tiếp nhận (một cửa)", "Clerk at the one-stop desk"),
    "officer": ("Công chức chuyên môn", "Processing officer"),
    "signer": ("Người ký", "Signer"),
    "admin": ("Quản trị", "Administrator"),
}
NAME_LIMIT = 100
TITLE_LIMIT = 100
UNIT_LIMIT = 200
#: a PIN is 4 to 8 digits (typed at the counter with the numeric keypad)
PIN_RE = re.compile(r"^\d{4,8}$")
#: scrypt parameters for PINs: about 50 ms per check, so guessing is slow even with the file
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


@dataclass(frozen=True)
class Person:
    """One person of the office as stored."""

    id: int
    name: str
    title: str = ""
    unit: str = ""
    roles: tuple[str, ...] = ()
    #: procedure field codes an officer handles (empty: any field)
    fields: tuple[str, ...] = ()
    has_pin: bool = False
    retired_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.retired_at is None

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def handles(self, field_code: str) -> bool:
        """Whether this officer handles procedures of the field (no fields listed: all)."""
        return not self.fields or field_code in self.fields


@dataclass(frozen=True)
class PersonInput:
    """What an administrator types for a new or edited person."""

    name: str
    title: str = ""
    unit: str = ""
    roles: tuple[str, ...] = ("clerk",)
    fields: tuple[str, ...] = ()
    #: None keeps the PIN as it is (a new person has none); "" removes it; digits set it
    pin: str | None = None


@dataclass(frozen=True)
class Actor:
    """Who made a change, as the history and the export name them: copied onto each step so a
    later change of title does not rewrite the past."""

    person_id: int | None
    name: str
    title: str = ""
    unit: str = ""


def actor_of(person: Person) -> Actor:
    return Actor(person.id, person.name, person.title, person.unit)


def check_person(data: PersonInput, known_fields: frozenset[str] | None = None) -> PersonInput:
    """The input cleaned (names normalised, roles and fields checked), or InvalidInput naming
    each wrong field."""
    errors: list[FieldError] = []
    name = normalise_name(data.name)
    if not name:
        errors.append(FieldError("name", "Hãy nhập họ và tên.", "the name is required"))
    elif len(name) > NAME_LIMIT:
        errors.append(
            FieldError(
                "name",
                f"Họ và tên dài tối đa {NAME_LIMIT} ký tự.",
                f"the name must be at most {NAME_LIMIT} characters",
            )
        )
    for key, value, limit, label_vi, label_en in (
        ("name", data.name, NAME_LIMIT, "Họ và tên", "the name"),
        ("title", data.title, TITLE_LIMIT, "Chức danh", "the title"),
        ("unit", data.unit, UNIT_LIMIT, "Đơn vị, phòng ban", "the unit"),
    ):
        error = control_character_error(key, value, label_vi, label_en)
        if error is not None:
            errors.append(error)
        elif key != "name" and len(value.strip()) > limit:
            errors.append(
                FieldError(
                    key,
                    f"{label_vi} dài tối đa {limit} ký tự.",
                    f"{label_en} must be at most {limit} characters",
                )
            )
    roles = tuple(dict.fromkeys(data.roles))
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        errors.append(
            FieldError(
                "roles",
                "Vai trò phải là một hoặc nhiều trong: " + ", ".join(ROLES) + ".",
                "roles must be one or more of "
                + ", ".join(ROLES)
                + (f", not {excerpt(unknown[0])}" if unknown else ""),
            )
        )
    fields_ = tuple(dict.fromkeys(f.strip() for f in data.fields if f.strip()))
    if known_fields is not None:
        wrong = [f for f in fields_ if f not in known_fields]
        if wrong:
            errors.append(
                FieldError(
                    "fields",
                    f"Lĩnh vực {excerpt_vi(wrong[0])} không có trong danh mục thủ tục.",
                    f"the field {excerpt(wrong[0])} is not in the procedure catalogue "
                    f"(known: {', '.join(sorted(known_fields))})",
                )
            )
    if data.pin and not PIN_RE.match(data.pin):
        errors.append(
            FieldError(
                "pin",
                "Mã PIN gồm 4 đến 8 chữ số.",
                "the PIN must be 4 to 8 digits",
            )
        )
    if errors:
        raise InvalidInput(errors)
    return PersonInput(
        name=name,
        title=" ".join(data.title.split()),
        unit=" ".join(data.unit.split()),
        roles=roles,
        fields=fields_,
        pin=data.pin,
    )


def hash_pin(pin: str) -> str:
    """A PIN as stored: `scrypt$<salt hex>$<hash hex>`; never the PIN itself."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return f"scrypt${salt.hex()}${digest.hex()}"


def pin_matches(stored: str, typed: str) -> bool:
    """Whether a typed PIN opens a stored one. A person without a PIN ("" stored) opens with
    no PIN typed only: a PIN typed for them is as wrong as a wrong PIN, and costs the same time,
    so neither the answer nor its delay says who has a PIN."""
    try:
        scheme, salt_hex, digest_hex = (stored or _NO_PIN).split("$")
        salt, digest = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    typed_digest = hashlib.scrypt(typed.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    if not stored:
        return typed == ""
    return hmac.compare_digest(typed_digest, digest)


#: what a check against "no PIN" hashes, so it takes as long as a real one
_NO_PIN = "scrypt$" + "00" * 16 + "$" + "00" * 64


@dataclass(frozen=True)
class Roster:
    """The people of the office, for choosing: clerks to sign in, officers for a field."""

    people: tuple[Person, ...] = field(default=())

    def active(self, role: str | None = None) -> list[Person]:
        return [p for p in self.people if p.active and (role is None or p.has_role(role))]

    def at_the_desk(self) -> list[Person]:
        """Who may sign in at the desk: active clerks, and administrators (who must sign in to
        manage the office's people), by name."""
        return [p for p in self.people if p.active and (p.has_role("clerk") or p.has_role("admin"))]

    def has_admin(self) -> bool:
        """Whether the office has an active administrator (then only they change settings and
        people)."""
        return bool(self.active("admin"))

    def officers_for(self, field_code: str) -> list[Person]:
        """Active officers, those who handle the field first, then the others, each by name."""
        officers = self.active("officer")
        return sorted(officers, key=lambda p: (not p.handles(field_code), p.name))
