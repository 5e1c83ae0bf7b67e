"""The office's people and the person at the desk: adding, editing, retiring and deleting
people (an administrator's work), and signing in at the desk with an optional PIN."""

from __future__ import annotations

from onestop_desktop.domain.clock import iso
from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.errors import InputError
from onestop_desktop.domain.people import Person, PersonInput, Roster, check_person, pin_matches
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import people as people_store


class UnknownPerson(InputError, LookupError):
    def __init__(self, person_id: int) -> None:
        super().__init__(
            f"Không có người nào mang số {person_id} trong danh sách cán bộ.",
            f"no person has the id {person_id}",
        )


class WrongPin(InputError):
    """A PIN typed wrong: the message never says whether the person has a PIN at all."""

    def __init__(self) -> None:
        super().__init__(
            "Người hoặc mã PIN không đúng. Hãy chọn lại và nhập lại mã PIN.",
            "the person or the PIN is wrong; choose again and retype the PIN",
        )


class People(DeskBase):
    """The desk's operations on its people."""

    def people(self, include_retired: bool = False) -> list[Person]:
        everyone = people_store.all_people(self.db)
        return everyone if include_retired else [p for p in everyone if p.active]

    def roster(self) -> Roster:
        return Roster(tuple(people_store.all_people(self.db)))

    def person(self, person_id: int) -> Person:
        found = people_store.get_person(self.db, person_id)
        if found is None:
            raise UnknownPerson(person_id)
        return found

    def _known_fields(self) -> frozenset[str]:
        return frozenset(p.field_code for p in self.catalogue.procedures)

    def add_person(self, data: PersonInput) -> Person:
        """Add a person to the office (administrators only, once the office has any)."""
        self.require_admin()
        checked = check_person(data, self._known_fields())
        now = iso(self.clock.now())
        with self.db.transaction() as conn:
            person_id = people_store.insert_person(conn, checked, now)
            self.audit("person.added", str(person_id), _described(checked))
        return self.person(person_id)

    def edit_person(self, person_id: int, data: PersonInput) -> Person:
        """Change a person's details; their past steps keep the title they had then."""
        self.require_admin()
        self.person(person_id)
        checked = check_person(data, self._known_fields())
        now = iso(self.clock.now())
        with self.db.transaction() as conn:
            people_store.update_person(conn, person_id, checked, now)
            self.audit("person.edited", str(person_id), _described(checked))
        edited = self.person(person_id)
        if self.on_duty is not None and self.on_duty.id == person_id:
            self.on_duty = edited
        return edited

    def retire_person(self, person_id: int, retired: bool = True) -> Person:
        """Retire a person (or bring them back): they leave the lists, not the history."""
        self.require_admin()
        self.person(person_id)
        now = iso(self.clock.now())
        with self.db.transaction() as conn:
            people_store.set_retired(conn, person_id, now if retired else None, now)
            self.audit("person.retired" if retired else "person.restored", str(person_id))
        return self.person(person_id)

    def delete_person(self, person_id: int) -> None:
        """Delete a person added by mistake. Anyone the history names (steps made, dossiers
        held, changes logged) can only be retired."""
        self.require_admin()
        person = self.person(person_id)
        uses = people_store.references(self.db, person_id)
        if any(uses.values()):
            raise InvalidInput([_cannot_delete(person, uses)])
        with self.db.transaction() as conn:
            people_store.delete_person(conn, person_id)
            self.audit("person.deleted", str(person_id), {"name": person.name})

    def sign_in(self, person_id: int, pin: str = "") -> Person:
        """Make an active clerk (or administrator) the person at the desk, remembered for
        today. Anything wrong (no such person, retired, not a clerk, a wrong PIN, a PIN typed
        for someone without one) gets the same `WrongPin`."""
        person = self._checked_person(person_id, pin)
        if not (person.has_role("clerk") or person.has_role("admin")):
            raise WrongPin()
        now = self.clock.now()
        with self.db.transaction() as conn:
            people_store.set_on_duty(conn, person_id, now.date().isoformat(), iso(now))
            self.on_duty = person
            self.audit("desk.signed_in", str(person_id))
        return person

    def act_as(self, person_id: int, pin: str = "") -> Person:
        """Record what this desk object does from now on as an active person of the office,
        without remembering them at the desk (the command line's `--as`, one command)."""
        person = self._checked_person(person_id, pin)
        self.on_duty = person
        return person

    def _checked_person(self, person_id: int, pin: str) -> Person:
        """The active person whose PIN is `pin`, else WrongPin; the check costs the same time
        whether the person exists, has a PIN or not."""
        person = people_store.get_person(self.db, person_id)
        stored = people_store.pin_hash(self.db, person_id) if person is not None else ""
        matches = pin_matches(stored, pin)
        if person is None or not person.active or not matches:
            raise WrongPin()
        return person

    def sign_out(self) -> None:
        if self.on_duty is None:
            return
        with self.db.transaction() as conn:
            self.audit("desk.signed_out", str(self.on_duty.id))
            people_store.set_on_duty(conn, None, "", "")
        self.on_duty = None

    def remembered_on_duty(self) -> Person | None:
        """The clerk chosen earlier today, still active, or None (a new day asks again)."""
        found = people_store.on_duty(self.db)
        if found is None or found[1] != self.clock.now().date().isoformat():
            return None
        person = people_store.get_person(self.db, found[0])
        return person if person is not None and person.active else None


def _described(data: PersonInput) -> dict[str, object]:
    """What the audit log keeps of a person's details: never the PIN."""
    return {
        "name": data.name,
        "title": data.title,
        "unit": data.unit,
        "roles": list(data.roles),
        "fields": list(data.fields),
        "pin": "unchanged" if data.pin is None else ("removed" if data.pin == "" else "set"),
    }


def _cannot_delete(person: Person, uses: dict[str, int]) -> FieldError:
    """Why a person cannot be deleted: what of the history names them."""
    vi: list[str] = []
    en: list[str] = []
    if uses["held"]:
        vi.append(f"đang giữ {uses['held']} hồ sơ")
        en.append(f"hold {uses['held']} dossier(s)")
    if uses["steps"]:
        vi.append(f"có tên trong lịch sử {uses['steps']} bước xử lý hồ sơ")
        en.append(f"are named on {uses['steps']} dossier step(s)")
    if uses["audit"]:
        vi.append(f"có tên trong {uses['audit']} mục nhật ký thay đổi")
        en.append(f"are named in {uses['audit']} audit log entries")
    return FieldError(
        "person",
        f"Không thể xóa {person.name}: người này {', '.join(vi)}. "
        "Hãy cho nghỉ (ngừng sử dụng) thay vì xóa; tên vẫn giữ trong lịch sử.",
        f"{person.name} cannot be deleted: they {', '.join(en)}; retire them instead (they "
        "stay named in the history)",
    )
