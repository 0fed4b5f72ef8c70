"""Kernel tables: service areas and teams, users, settings, the append-only audit trail and stored figures."""

from datetime import date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    event,
    false,
    inspect,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.types import TypeDecorator

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.roles import Role


class IntegerCode(TypeDecorator):
    """An IntEnum stored as its number (census codes such as OrgRole 1-6)."""

    impl = Integer
    cache_ok = True

    def __init__(self, enum_type, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enum_type = enum_type

    def process_bind_param(self, value, dialect):
        return None if value is None else int(self.enum_type(value))

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_type(value)


def enum_column(enum_type, **kwargs):
    """An enum stored by value: numbers for IntEnum codes, text otherwise (stable across member renames)."""
    if issubclass(enum_type, int):
        return IntegerCode(enum_type)
    return Enum(
        enum_type,
        native_enum=False,
        validate_strings=True,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        **kwargs,
    )


class EditConflict(RuntimeError):
    """Someone else saved the record after the form was opened (optimistic locking)."""


class Versioned:
    """Optimistic locking for records people edit in forms: `version` counts saves made through a form.

    The form carries the version it was opened at; a save from a stale form is refused with EditConflict
    and the form is shown again with what the person typed. Bookkeeping updates (a sign-in counter) do not
    change the version, so they never cause a false conflict.
    """

    version: Mapped[int] = mapped_column(default=1, server_default="1", info={"audit": "ignored"})

    def save_edit(self, opened_at: int | str | None) -> None:
        """Refuse a save from a form opened at another version; otherwise count this save.

        The count is a compare-and-set in SQL (`UPDATE ... SET version = n + 1 WHERE version = n`), so two
        saves racing in two workers cannot both pass: on PostgreSQL the second waits for the first's row
        lock, then finds the version moved on and is refused.
        """
        save_edit_of(self, "version", opened_at)

    def check_version(self, opened_at: int | str | None) -> None:
        check_version_of(self, "version", opened_at)

    @property
    def edit_version_now(self) -> int:
        """The version a form opened now carries."""
        return self.version


def check_version_of(record, attribute: str, opened_at: int | str | None) -> None:
    """Refuse with EditConflict unless the form was opened at the record's current `attribute`."""
    try:
        opened = int(opened_at) if opened_at not in (None, "") else None
    except (TypeError, ValueError):
        opened = None
    if opened != getattr(record, attribute):
        raise EditConflict(f"{record} was changed by someone else while you were editing it")


def save_edit_of(record, attribute: str, opened_at: int | str | None) -> None:
    """Optimistic locking on any table with an integer counter column `attribute` (see `Versioned`)."""
    check_version_of(record, attribute, opened_at)
    state = inspect(record)
    current = getattr(record, attribute) or 1
    if not state.persistent:
        setattr(record, attribute, current + 1)
        return
    table = record.__table__
    result = state.session.execute(
        update(table).where(table.c.id == record.id, table.c[attribute] == current).values({attribute: current + 1})
    )
    if result.rowcount != 1:
        raise EditConflict(f"{record} was changed by someone else while you were editing it")
    set_committed_value(record, attribute, current + 1)


#: Marks a column whose values the audit trail records as changed without showing them.
REDACTED = {"audit": "redacted"}
#: Marks a column the audit trail ignores (bookkeeping such as sign-in counters).
UNAUDITED = {"audit": "ignored"}


class ServiceArea(db.Model):
    __tablename__ = "service_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    teams: Mapped[list["Team"]] = relationship(back_populates="service_area", order_by="Team.name")

    def __str__(self) -> str:
        return self.name


team_managers = Table(
    "team_managers",
    db.Model.metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Team(Versioned, db.Model):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    service_area_id: Mapped[int] = mapped_column(ForeignKey("service_areas.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    #: Teams are archived, never deleted, so that history keeps its references.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    service_area: Mapped[ServiceArea] = relationship(back_populates="teams")
    managers: Mapped[list["User"]] = relationship(
        secondary=team_managers, back_populates="managed_teams", order_by="User.name"
    )
    members: Mapped[list["User"]] = relationship(
        back_populates="team", foreign_keys="User.team_id", order_by="User.name"
    )

    def __str__(self) -> str:
        return self.name


class User(UserMixin, Versioned, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    role: Mapped[Role] = mapped_column(enum_column(Role, name="role"))
    #: The team the user belongs to, if any; managers' teams are in `managed_teams`.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), info=REDACTED)
    #: Changed whenever the password changes or the account is deactivated, ending every session.
    session_token: Mapped[str] = mapped_column(String(64), info=UNAUDITED)
    failed_sign_ins: Mapped[int] = mapped_column(default=0, info=UNAUDITED)
    #: No sign-in is accepted before this time (the growing delay, then the lock).
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), info=UNAUDITED)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), info=UNAUDITED)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now, info=UNAUDITED)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The person's object id at the council's identity provider (the `oid` claim in Microsoft Entra ID,
    #: else `sub`), kept at their first council sign-in so a later change of email still finds them.
    oidc_subject: Mapped[str | None] = mapped_column(String(200), unique=True, index=True)
    #: A break-glass administrator keeps a local password when local passwords are turned off for everyone else.
    break_glass: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    team: Mapped[Team | None] = relationship(back_populates="members", foreign_keys=[team_id])
    managed_teams: Mapped[list[Team]] = relationship(
        secondary=team_managers, back_populates="managers", order_by="Team.name"
    )

    def __str__(self) -> str:
        return self.name

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and clock.as_utc(self.locked_until) > clock.now()


class Setting(db.Model):
    """A council setting by key; defaults live with the code that reads them."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AuditEvent(db.Model):
    """One change to a record: who, when, which record, what action, which fields, before and after.

    Rows are only ever inserted; the session refuses to update or delete them.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: Who acted, as shown at the time ("Ann Smith (administrator)", "Command line").
    actor_label: Mapped[str] = mapped_column(String(200))
    #: Where the change came from: web, command line, import, API, schedule.
    origin: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40), index=True)
    record_type: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(60))
    record_label: Mapped[str] = mapped_column(String(200))
    #: {field: {"before": value, "after": value}}; redacted fields carry "[changed]".
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(String(500))

    actor: Mapped[User | None] = relationship()


class AuditTrailIsAppendOnly(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_trail_rewrites(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditTrailIsAppendOnly("Audit trail entries cannot be changed or deleted.")


class DataGeneration(db.Model):
    """The generation of one table: a new random token each time a commit changes its records.

    Figures kept between requests (`workforce.kernel.freshness.kept`) are kept with the tokens of the
    tables they read, so a figure is reused only while none of those tables has changed since, in every
    worker process alike. `name` is the table's name.
    """

    __tablename__ = "data_generations"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


class StoredFigure(db.Model):
    """One registered measure's figure for one month at one scope, as last computed
    (`workforce.kernel.stored_figures`). Pages read these rather than computing in the request."""

    __tablename__ = "stored_figures"
    __table_args__ = (UniqueConstraint("measure_id", "month", "scope_key", name="uq_stored_figures_figure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[str] = mapped_column(String(80))
    #: The first day of the month.
    month: Mapped[date] = mapped_column(Date)
    #: The last day the figure covers: the month's last day, or the day it was computed for the current month.
    period_end: Mapped[date] = mapped_column(Date)
    #: "council", "service-area:<id>" or "team:<id>".
    scope_key: Mapped[str] = mapped_column(String(40))
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StaleMeasure(db.Model):
    """A measure whose stored figures a commit has made stale: one row however many commits arrive, with a
    version each commit raises, so that a recompute clears the row only if nothing changed meanwhile."""

    __tablename__ = "stale_measures"

    measure_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
