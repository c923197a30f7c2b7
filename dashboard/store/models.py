"""The tables of the application database as SQLAlchemy 2 typed declarative classes.

These mirror the Alembic migrations (a test compares them); behaviour lives in the store modules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("beheerder", "redacteur")
MANUAL_STATUSES = ("behaald", "op koers", "achter", "niet te beoordelen")
ENTITY_TYPES = ("ambitie", "afspraak", "werkgebied", "duiding", "account")
ACTIONS = ("create", "update", "delete", "restore", "import", "login", "login_failed",
           "disable", "reset_password", "rights")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(value: dt.datetime | dt.date | None) -> str | None:
    """How snapshots write a moment (ISO 8601 in UTC) or a date (YYYY-MM-DD)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value.isoformat()


class UTCDateTime(TypeDecorator):
    """A moment in UTC: stored as timestamptz on PostgreSQL, as naive UTC text on SQLite,
    always returned timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None]

    regions: Mapped[list[UserRegion]] = relationship(
        cascade="all, delete-orphan", order_by="UserRegion.region_code", lazy="selectin")


class UserRegion(Base):
    __tablename__ = "user_regions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    region_code: Mapped[str] = mapped_column(String(20), primary_key=True)


class LoginFailure(Base):
    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[dt.datetime]
    locked_until: Mapped[dt.datetime | None]


class Ambitie(Base):
    __tablename__ = "ambities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    regions: Mapped[list[Any]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Afspraak(Base):
    __tablename__ = "afspraken"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ambitie_id: Mapped[int | None] = mapped_column(
        ForeignKey("ambities.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    region_code: Mapped[str] = mapped_column(String(20), index=True)
    parties: Mapped[list[Any]] = mapped_column(default=list)
    partners: Mapped[list[Any]] = mapped_column(default=list)
    manual_status: Mapped[str | None] = mapped_column(String(40))
    manual_justification: Mapped[str | None] = mapped_column(Text)
    oogo_date: Mapped[dt.date | None] = mapped_column(Date)
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    targets: Mapped[list[AfspraakDoel]] = relationship(
        cascade="all, delete-orphan", order_by="AfspraakDoel.position", lazy="selectin")


class AfspraakDoel(Base):
    __tablename__ = "afspraak_doelen"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    afspraak_id: Mapped[int] = mapped_column(
        ForeignKey("afspraken.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    indicator_id: Mapped[str] = mapped_column(String(100), index=True)
    baseline_period: Mapped[str | None] = mapped_column(String(40))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_flags: Mapped[dict[str, Any]] = mapped_column(default=dict)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_period: Mapped[str | None] = mapped_column(String(40))
    milestones: Mapped[list[Any]] = mapped_column(default=list)


class Werkgebied(Base):
    __tablename__ = "werkgebieden"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Derived from the id ('WG' + 4 digits), so it is set in the same transaction after insert.
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    members: Mapped[list[Any]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Duiding(Base):
    __tablename__ = "duidingen"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(100), index=True)
    region_code: Mapped[str] = mapped_column(String(20), index=True)
    period: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class History(Base):
    """Append-only: triggers created by migration 0001 refuse UPDATE and DELETE."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(600))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
