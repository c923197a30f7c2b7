"""First schema: accounts, ambities, afspraken with their targets, werkgebieden, duiding, history.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)

# The audit trail is append-only: the database itself refuses to change or remove a row.
SQLITE_TRIGGERS = [
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
]
POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'history is append-only'; END $$",
    "CREATE TRIGGER history_no_update BEFORE UPDATE OR DELETE ON history "
    "FOR EACH ROW EXECUTE FUNCTION history_append_only()",
]


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("last_login_at", UTC_TIME, nullable=True),
    )
    op.create_table(
        "user_regions",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("region_code", sa.String(20), primary_key=True),
    )
    op.create_table(
        "ambities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        *_versioned(),
    )
    op.create_table(
        "afspraken",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ambitie_id", sa.Integer(),
                  sa.ForeignKey("ambities.id", ondelete="SET NULL"), nullable=True, index=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("region_code", sa.String(20), nullable=False, index=True),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("partners", sa.JSON(), nullable=False),
        sa.Column("manual_status", sa.String(40), nullable=True),
        sa.Column("manual_justification", sa.Text(), nullable=True),
        sa.Column("oogo_date", sa.Date(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        *_versioned(),
    )
    op.create_table(
        "afspraak_doelen",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("afspraak_id", sa.Integer(),
                  sa.ForeignKey("afspraken.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(100), nullable=False, index=True),
        sa.Column("baseline_period", sa.String(40), nullable=True),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("baseline_flags", sa.JSON(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_period", sa.String(40), nullable=True),
        sa.Column("milestones", sa.JSON(), nullable=False),
    )
    op.create_table(
        "werkgebieden",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(20), nullable=True, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        *_versioned(),
    )
    op.create_table(
        "duidingen",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("indicator_id", sa.String(100), nullable=False, index=True),
        sa.Column("region_code", sa.String(20), nullable=False, index=True),
        sa.Column("period", sa.String(40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        *_versioned(),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entity_type", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("actor_label", sa.String(600), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
    )
    op.create_index("ix_history_entity", "history", ["entity_type", "entity_id"])
    triggers = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRESQL_TRIGGERS}
    for statement in triggers.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    # Users' work is never dropped: there is no way back from the first schema.
    raise NotImplementedError("downgrading below the first schema would drop users' work")
