"""Realistic demo data: procedures from the catalogue, Vietnamese applicants, dossiers in every
status spread over past months (years for large counts), as a commune office would have them.
"""

from __future__ import annotations

import bisect
import itertools
import json
import multiprocessing
import os
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from onestop_desktop.domain.calendar import WorkCalendar
from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.dossier import sequence_for
from onestop_desktop.domain.procedures import DeadlineRule, Procedure
from onestop_desktop.domain.settings import OfficeSettings
from onestop_desktop.domain.status import Status
from onestop_desktop.domain.text import fold
from onestop_desktop.store import bulk

if TYPE_CHECKING:
    from onestop_desktop.domain.people import Person
    from onestop_desktop.operations import Desk

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Đào",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Thanh",
    "Ngọc",
    "Quốc",
    "Thu",
    "Xuân",
    "Kim",
    "Bảo",
    "Gia",
    "Hoài",
    "Đình",
    "Công",
]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Cường",
    "Dũng",
    "Đạt",
    "Điệp",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiền",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Ngân",
    "Nhung",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thủy",
    "Trang",
    "Trung",
    "Tú",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
    "Đông",
    "Đức",
    "Ánh",
    "Ân",
    "Ổn",
    "Ước",
]
HAMLETS = [
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Bắc",
    "Ấp Mới",
    "Tổ 1",
    "Tổ 2",
    "Tổ 5",
    "Xóm Chùa",
    "Xóm Đình",
]
MOBILE_PREFIXES = (
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "086",
    "088",
    "032",
    "035",
    "038",
    "070",
    "077",
    "081",
    "083",
    "085",
    "056",
    "058",
)


def _pick(rng: random.Random, items: Sequence[str]) -> str:
    # random() is far cheaper than choice()/randrange(), which matters a million times over
    return items[int(rng.random() * len(items))]


def _name(rng: random.Random) -> str:
    return f"{_pick(rng, FAMILY)} {_pick(rng, MIDDLE)} {_pick(rng, GIVEN)}"


def _weights(procedures: Sequence[Procedure]) -> list[float]:
    """Certification and civil status dominate a commune counter's day."""
    weights = []
    for p in procedures:
        if p.field.startswith("Chứng thực"):
            weights.append(8.0)
        elif p.field.startswith("Hộ tịch"):
            weights.append(3.0)
        else:
            weights.append(1.0)
    return weights


@dataclass(frozen=True)
class _Plan:
    """What every block of demo days shares (picklable, so blocks can run in other processes)."""

    settings: OfficeSettings
    calendar: WorkCalendar
    procedures: tuple[Procedure, ...]
    now: datetime
    seed: int


@dataclass(frozen=True)
class _Block:
    """A run of consecutive working days to fill, with where its ids and sequences start."""

    index: int
    days: tuple[tuple[date, int], ...]  # (day, dossiers that day)
    first_id: int
    first_seq: int
    counters: dict[str, int]  # numbers already issued on these days


@dataclass
class _BlockRows:
    dossiers: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    counters: dict[str, int]
    status_counts: dict[int, int]


_PLAN: _Plan | None = None


def _init_worker(plan: _Plan) -> None:
    global _PLAN
    _PLAN = plan


def _run_block(block: _Block) -> _BlockRows:
    assert _PLAN is not None
    return _generate_block(_PLAN, block)


def generate_demo(
    desk: Desk, count: int, seed: int = 1, workers: int | None = None
) -> dict[str, Any]:
    """Add `count` demo dossiers received over past months, in every status; return a summary.

    Rows are generated in blocks of days, in worker processes when there are many, while this
    process inserts them: one transaction for the whole load.
    """
    started = time.perf_counter()
    now = desk.clock.now()
    settings = desk.settings
    span_days = max(90, min(3650, count // 60))
    # Working days in the span, oldest first; the same number of dossiers lands on each.
    days: list[date] = []
    day = (now - timedelta(days=span_days)).date()
    while day <= now.date():
        if desk.calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    per_day, extra = divmod(count, len(days))
    counts = [per_day + (1 if i < extra else 0) for i in range(len(days))]
    if days and days[-1] == now.date():
        # Today only has the slots already past; move the rest to the previous days.
        open_slots = _slots_before(now)
        surplus = max(0, counts[-1] - open_slots * 4)
        counts[-1] -= surplus
        for i in range(surplus):
            counts[-2 - i % max(1, len(days) - 1)] += 1
    existing = bulk.current_counters(desk.db, settings.agency_code)
    totals = bulk.LoadTotals(counters=dict(existing), last_seq=bulk.last_change_seq(desk.db))
    plan = _Plan(settings, desk.calendar, tuple(desk.catalogue.procedures), now, seed)
    blocks: list[_Block] = []
    next_id, next_seq = bulk.next_dossier_id(desk.db), totals.last_seq + 1
    first_event = bulk.next_event_id(desk.db)  # the audit back-fill starts there
    step = 30
    for index, first in enumerate(range(0, len(days), step)):
        chunk = tuple(zip(days[first : first + step], counts[first : first + step], strict=True))
        keys = {f"{d:%y%m%d}": existing.get(f"{d:%y%m%d}", 0) for d, _ in chunk}
        blocks.append(_Block(index, chunk, next_id, next_seq, keys))
        n = sum(c for _, c in chunk)
        next_id += n
        next_seq += n
    status_counts: dict[int, int] = {}

    def collect(results: Iterator[_BlockRows]) -> Iterator[tuple[list[Any], list[Any]]]:
        for rows in results:
            totals.counters.update(rows.counters)
            for status, n in rows.status_counts.items():
                status_counts[status] = status_counts.get(status, 0) + n
            yield rows.dossiers, rows.events
        totals.last_seq = next_seq - 1

    processes = (
        workers if workers is not None else (min(2, os.cpu_count() or 1) if count >= 50_000 else 0)
    )
    if processes > 0:
        with multiprocessing.get_context().Pool(processes, _init_worker, (plan,)) as pool:
            bulk.bulk_load(
                desk.db, collect(pool.imap(_run_block, blocks)), settings.agency_code, totals
            )
    else:
        generated = (_generate_block(plan, block) for block in blocks)
        bulk.bulk_load(desk.db, collect(generated), settings.agency_code, totals)
    staffed = staff_demo_office(desk, seed)
    # The bulk load writes no audit entries: give every step the one the operations would have.
    audit_entries = bulk.backfill_audit(desk.db, first_event)
    return {
        **staffed,
        "dossiers": sum(status_counts.values()),
        "by_status": {str(k): v for k, v in sorted(status_counts.items())},
        "first_day": days[0].isoformat() if days else None,
        "audit_entries": audit_entries,
        "seconds": round(time.perf_counter() - started, 3),
    }


#: 5-minute receipt slots inside office hours: 07:00-11:30 then 13:30-17:00
_SLOT_MINUTES = [7 * 60 + m if m < 270 else 13 * 60 + 30 + m - 270 for m in range(0, 480, 5)]


def _slots_before(now: datetime) -> int:
    minute = now.hour * 60 + now.minute
    return sum(1 for m in _SLOT_MINUTES if m < minute)


def _generate_block(plan: _Plan, block: _Block) -> _BlockRows:
    """Build the rows of one block of days; deterministic for a given seed and block."""
    rng = random.Random(plan.seed * 1_000_003 + block.index)
    rnd = rng.random
    settings, now, calendar = plan.settings, plan.now, plan.calendar
    agency, station, clerk = settings.agency_code, settings.station, settings.clerk_name
    procedures = plan.procedures
    cum_weights = list(itertools.accumulate(_weights(procedures)))
    total_weight = cum_weights[-1]
    deadline_texts = {p.code: p.deadline.describe_vi() for p in procedures}
    documents = {p.code: _documents_json(p) for p in procedures}
    village = settings.agency_name.replace("UBND ", "")
    today_slots = _slots_before(now)
    due_cache: dict[tuple[DeadlineRule, datetime], tuple[datetime | None, str | None]] = {}
    folded: dict[str, str] = {}
    out = _BlockRows([], [], dict(block.counters), {})
    next_id, seq = block.first_id, block.first_seq
    for day, n_today in block.days:
        limit = today_slots if day == now.date() else 96
        slots = sorted(int(rnd() * limit) for _ in range(n_today))
        key = f"{day:%y%m%d}"
        code_prefix = f"{agency}-{key}-"
        day_iso = day.isoformat()
        for slot in slots:
            clock_minute = _SLOT_MINUTES[slot]
            hour, minute = divmod(clock_minute, 60)
            received = datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)
            procedure = procedures[bisect.bisect(cum_weights, rnd() * total_weight)]
            cache_key = (procedure.deadline, received)
            if cache_key not in due_cache:
                due_value = calendar.due_at(procedure.deadline, received)
                due_cache[cache_key] = (due_value, due_value.isoformat() if due_value else None)
            due, due_iso = due_cache[cache_key]
            number = out.counters.get(key, 0) + 1
            out.counters[key] = number
            life, finished, returned = _life(rng, received, due, now)
            status = int(life)
            out.status_counts[status] = out.status_counts.get(status, 0) + 1
            name = _name(rng)
            if name not in folded:
                folded[name] = fold(name)
            r = rnd()
            channel = 1 if r < 0.70 else (2 if r < 0.95 else 3)
            received_iso = f"{day_iso}T{hour:02d}:{minute:02d}:00+07:00"
            story = _story(rng, life, received, due, finished, returned, name, now, calendar)
            finished_iso = finished.isoformat() if finished else None
            returned_iso = returned.isoformat() if returned else None
            out.dossiers.append(
                (
                    next_id,
                    f"{code_prefix}{sequence_for(station, number):04d}",
                    agency,
                    station,
                    procedure.code,
                    procedure.name,
                    procedure.field_code,
                    procedure.field,
                    deadline_texts[procedure.code],
                    name,
                    folded[name],
                    f"0{1 + int(rnd() * 96):02d}{int(rnd() * 10**9):09d}",
                    f"{_pick(rng, MOBILE_PREFIXES)}{int(rnd() * 10**7):07d}",
                    None,
                    f"{_pick(rng, HAMLETS)}, {village}",
                    channel,
                    1 if channel == 3 else 0,
                    documents[procedure.code],
                    1,
                    "",
                    received_iso,
                    story.due_iso or due_iso,
                    due_iso,
                    status,
                    finished_iso,
                    returned_iso,
                    clerk,
                    seq,
                    received_iso,
                    returned_iso or finished_iso or received_iso,
                    story.paused_at,
                    1 if story.paused_at else 0,
                    1 if story.apologised_at else 0,
                    story.apologised_at,
                    name if returned_iso else None,
                    story.apologised_at,  # the demo's one apology is the first
                    due_iso if story.apologised_at else None,
                )
            )
            out.events.append((next_id, received_iso, "received", None, 2, clerk, "", "{}", seq))
            out.events.extend(
                (next_id, at, kind, from_, to, clerk, note, data, seq)
                for at, kind, from_, to, note, data in story.events
            )
            next_id += 1
            seq += 1
    return out


#: what a commune office asks for when papers are missing (one per line, as a clerk notes them)
SUPPLEMENT_NOTES = (
    "Bản sao giấy khai sinh có chứng thực",
    "Tờ khai theo mẫu, ghi đủ thông tin và có chữ ký\nẢnh 4x6 chụp trong 6 tháng gần đây",
    "Giấy ủy quyền có chứng thực chữ ký",
    "Bản chính giấy tờ để đối chiếu",
    "Xác nhận nơi cư trú của Công an xã",
)
#: why a dossier is late, as the apology slips say it
DELAY_REASONS = (
    "Cần xác minh thông tin tại nơi cư trú trước đây",
    "Chờ ý kiến phối hợp của cơ quan chuyên môn",
    "Hồ sơ nhiều trang, cần thêm thời gian đối chiếu",
    "Người có thẩm quyền ký đi công tác",
)


@dataclass(frozen=True)
class _Story:
    """The steps after receipt that make a demo dossier's history believable."""

    events: list[tuple[str, str, int | None, int, str, str]]  # at, kind, from, to, note, data
    due_iso: str | None = None  # the due time after an apology, else None
    paused_at: str | None = None
    apologised_at: str | None = None


def _story(
    rng: random.Random,
    life: Status,
    received: datetime,
    due: datetime | None,
    finished: datetime | None,
    returned: datetime | None,
    name: str,
    now: datetime,
    calendar: WorkCalendar,
) -> _Story:
    """The steps from receipt to where a dossier stands now, in time order.

    About half the dossiers that ran late got the apology with a new date (the provinces'
    reports find about that share), most of them a day before the deadline as the rule asks.
    """
    events: list[tuple[str, str, int | None, int, str, str]] = []
    late = due is not None and ((finished or now) > due)
    apology: tuple[str, str, int, str, str] | None = None  # at, kind, status, note, data
    new_due_iso: str | None = None
    if late and due is not None and rng.random() < 0.5:
        ahead = timedelta(days=1) if rng.random() < 0.8 else timedelta(hours=-2)
        at = max(received + timedelta(minutes=30), due - ahead)
        if at < (finished or now):
            new_due = calendar.add_office_time(due, timedelta(hours=16))
            new_due_iso = new_due.isoformat()
            data = json.dumps(
                {
                    "previous_due": due.isoformat(),
                    "new_due": new_due_iso,
                    "override": False,
                    "sent_in_time": at.date() < due.date(),
                    "number": 1,
                }
            )
            apology = (at.isoformat(), "apology", int(life), _pick(rng, DELAY_REASONS), data)
    paused_at: str | None = None
    if life is Status.SUPPLEMENT_REQUESTED:
        paused = min(received + timedelta(hours=1), now)
        paused_at = paused.isoformat()
        note = _pick(rng, SUPPLEMENT_NOTES)
        events.append((paused_at, "transition", 2, 5, note, "{}"))
    elif life is Status.RETURNED and finished is not None and returned is not None:
        events.append((finished.isoformat(), "transition", 2, 9, "", "{}"))
        # The demo's names are plain letters and spaces: no JSON escaping needed, and json.dumps
        # here would cost a tenth of a million-dossier demo.
        data = f'{{"collected_by": "{name}"}}'
        events.append((returned.isoformat(), "transition", 9, 10, "", data))
    elif life is not Status.RECEIVED:
        at = finished or returned or received + timedelta(hours=1)
        note = (
            "Không đủ điều kiện theo quy định" if life in (Status.REFUSED, Status.STOPPED) else ""
        )
        note = "Công dân đề nghị rút hồ sơ" if life is Status.WITHDRAWAL_REQUESTED else note
        events.append((at.isoformat(), "transition", 2, int(life), note, "{}"))
    if apology is None:
        return _Story(events, None, paused_at, None)
    # The apology is recorded in the status the dossier had then: before or between its steps.
    at_, kind, _, note, data = apology
    before = [e for e in events if e[0] <= at_]
    after = [e for e in events if e[0] > at_]
    status_then = before[-1][3] if before else 2
    events = [*before, (at_, kind, status_then, status_then, note, data), *after]
    return _Story(events, new_due_iso, paused_at, at_)


def _documents_json(procedure: Procedure) -> str:
    return json.dumps(
        [
            {
                "name": d.name,
                "originals": d.originals,
                "certified_copies": d.certified_copies,
                "photocopies": d.photocopies,
            }
            for d in procedure.documents
            if d.required and not d.shown
        ],
        ensure_ascii=False,
    )


def _life(
    rng: random.Random, received: datetime, due: datetime | None, now: datetime
) -> tuple[Status, datetime | None, datetime | None]:
    """Where a dossier received at `received` stands now: status, finished and returned times."""
    horizon = due or received + timedelta(days=3)
    r = rng.random()
    if r < 0.02:
        return Status.REFUSED, received + timedelta(minutes=20), None
    if horizon < now - timedelta(days=14):
        # Old: nearly all handed back; a few are waiting for pickup or stopped.
        finished = _finish(rng, received, horizon)
        if r < 0.03:
            return Status.STOPPED, finished, None
        if r < 0.035:
            return Status.WITHDRAWAL_REQUESTED, None, None
        if r < 0.05:
            return Status.RESOLVED, finished, None
        return Status.RETURNED, finished, finished + timedelta(hours=1 + int(rng.random() * 95))
    # Recent: still being worked on, or done.
    if r < 0.30:
        return Status.RECEIVED, None, None
    if r < 0.55:
        return Status.IN_PROGRESS, None, None
    if r < 0.62:
        return Status.SUPPLEMENT_REQUESTED, None, None
    if r < 0.65:
        return Status.FINANCIAL_OBLIGATION, None, None
    finished = _finish(rng, received, horizon)
    if finished > now:
        return Status.IN_PROGRESS, None, None
    if r < 0.80:
        return Status.RESOLVED, finished, None
    returned = finished + timedelta(hours=1 + int(rng.random() * 47))
    if returned > now:
        return Status.RESOLVED, finished, None
    return Status.RETURNED, finished, returned


def _finish(rng: random.Random, received: datetime, due: datetime) -> datetime:
    """When processing ended: mostly before the due time, about one in twelve late."""
    span_minutes = max(int((due - received).total_seconds() // 60), 60)
    if rng.random() < 0.08:
        return due + timedelta(hours=2 + int(rng.random() * 70))
    return received + timedelta(minutes=int(span_minutes * (0.2 + 0.8 * rng.random())))


#: the demo office's people: (name, title, unit, roles, fields)
DEMO_PEOPLE: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Nguyễn Thị Thu Hà", "Công chức Văn phòng - Thống kê", "Bộ phận Một cửa", ("clerk",), ()),
    ("Lê Văn Nam", "Công chức Văn phòng - Thống kê", "Bộ phận Một cửa", ("clerk",), ()),
    ("Trần Minh Tuấn", "Công chức Tư pháp - Hộ tịch", "Văn phòng HĐND và UBND", ("officer",),
     ("ho-tich", "nuoi-con-nuoi")),
    ("Phạm Thị Hồng", "Công chức Tư pháp - Hộ tịch", "Văn phòng HĐND và UBND", ("officer",),
     ("ho-tich", "chung-thuc")),
    ("Hoàng Văn Sơn", "Công chức Tư pháp - Hộ tịch", "Văn phòng HĐND và UBND", ("officer",),
     ("chung-thuc",)),
    ("Võ Thị Lợi", "Công chức Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội", ("officer",),
     ("bao-tro-xa-hoi",)),
    ("Đặng Thị Mai", "Công chức Kinh tế", "Phòng Kinh tế", ("officer",), ("ho-kinh-doanh",)),
    ("Bùi Văn Thắng", "Phó Chủ tịch UBND xã", "UBND xã", ("signer",), ()),
    ("Ngô Quang Huy", "Quản trị hệ thống", "Văn phòng HĐND và UBND", ("admin", "clerk"), ()),
)  # fmt: skip


def staff_demo_office(desk: Desk, seed: int) -> dict[str, int]:
    """Give the demo office its people (when it has no officer yet) and hand the dossiers being
    processed (in progress, waiting for papers or the financial obligation) to an officer of
    their field, each with its hand-over step made by a clerk: the per-officer view and the
    control sheet then show a working office. Returns how many people were added and how many
    dossiers handed over."""
    from onestop_desktop.domain.handover import outcome
    from onestop_desktop.domain.people import PersonInput
    from onestop_desktop.store import handover as handover_store

    added = 0
    if not any(p.has_role("officer") for p in desk.people()):
        for name, title, unit, roles, fields in DEMO_PEOPLE:
            desk.add_person(PersonInput(name, title, unit, roles, fields))
            added += 1
    people = desk.people()
    officers = [p for p in people if p.has_role("officer")]
    clerks: list[Person | None] = [p for p in people if p.has_role("clerk")] or [None]
    rng = random.Random(seed * 7919 + 17)
    now = desk.clock.now()
    holders: list[tuple[int, str, int]] = []
    events: list[tuple[object, ...]] = []
    statuses = (
        int(Status.IN_PROGRESS),
        int(Status.SUPPLEMENT_REQUESTED),
        int(Status.FINANCIAL_OBLIGATION),
    )
    for row in handover_store.unheld_for_demo(desk.db, statuses):
        choice = [p for p in officers if p.handles(row["field_code"])] or officers
        if not choice:
            break
        officer = choice[int(rng.random() * len(choice))]
        clerk = clerks[int(rng.random() * len(clerks))]
        last = datetime.fromisoformat(row["last_at"])
        # after its last step, not in the future (unless that step already is: a demo quirk)
        at = max(last, min(last + timedelta(minutes=10 + int(rng.random() * 50)), now))
        due = datetime.fromisoformat(row["due_at"]) if row["due_at"] else None
        data = {
            "from_id": None,
            "from_name": "",
            "from_title": "",
            "from_unit": "",
            "to_id": officer.id,
            "to_name": officer.name,
            "to_title": officer.title,
            "to_unit": officer.unit,
            "due_at": row["due_at"],
            "outcome": outcome(at, due),
        }
        holders.append((officer.id, at.isoformat(), int(row["id"])))
        events.append(
            (
                int(row["id"]),
                at.isoformat(),
                "handover",
                int(row["status"]),
                int(row["status"]),
                clerk.name if clerk else desk.settings.clerk_name,
                "",
                json.dumps(data, ensure_ascii=False, sort_keys=True),
                int(row["change_seq"]),
                clerk.id if clerk else None,
                clerk.title if clerk else "",
                clerk.unit if clerk else "",
            )
        )
    if holders:
        handover_store.bulk_hand_over(desk.db, holders, events)
    return {"people_added": added, "handed_over": len(holders)}
