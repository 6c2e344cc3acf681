"""The relational schema: source files, their normalised text, documents and extracted values,
checks' findings, and the jobs of the ingestion queue."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints, so that later migrations can drop or alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SourceFile(Base):
    """One ingested file, known by the SHA-256 of its bytes so that a copy is stored once."""

    __tablename__ = "source_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(512))
    size: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    reader_notes: Mapped[list[Any]] = mapped_column(default=list)

    text: Mapped[SourceText] = relationship(back_populates="source_file",
                                            cascade="all, delete-orphan", uselist=False)
    document: Mapped[Document | None] = relationship(back_populates="source_file",
                                                     cascade="all, delete-orphan", uselist=False)


class SourceText(Base):
    """The reader's normalised text, which every evidence offset points into.

    Kept apart from `source_files` so that listing files never loads megabytes of text.
    """

    __tablename__ = "source_texts"

    source_file_id: Mapped[int] = mapped_column(
        ForeignKey("source_files.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    line_count: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    # [width, height] in points per page (None where the reader had none): the frame of the
    # values' boxes; NULL for texts stored before migration 0007
    page_sizes: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))

    source_file: Mapped[SourceFile] = relationship(back_populates="text")


class Document(Base):
    """The parsed document of one source file: its calpae-json and the fields people filter by."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_file_id: Mapped[int] = mapped_column(
        ForeignKey("source_files.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str | None] = mapped_column(String(32), index=True)
    amendment_number: Mapped[int | None] = mapped_column(Integer)
    exercise_year: Mapped[int | None] = mapped_column(Integer, index=True)
    territory_kind: Mapped[str | None] = mapped_column(String(32))
    territory_name: Mapped[str | None] = mapped_column(String(256))
    territory_code: Mapped[str | None] = mapped_column(String(8), index=True)
    action_count: Mapped[int] = mapped_column(Integer, default=0)
    calpae_json: Mapped[dict[str, Any]] = mapped_column()
    # what the dossiers and totals group by: the territory (its code, else its kind and name)
    territory_key: Mapped[str | None] = mapped_column(String(300), index=True)
    region_code: Mapped[str | None] = mapped_column(String(3), index=True)
    redacted: Mapped[bool] = mapped_column(Boolean, default=False)
    state_amount: Mapped[float | None] = mapped_column(Float)  # articles' new State credits
    state_carryover: Mapped[float | None] = mapped_column(Float)
    # identity: a second file of the same document points to the copy totals count
    # no foreign key: SQLite cannot add one without rebuilding the table (migration 0003)
    duplicate_of_id: Mapped[int | None] = mapped_column(Integer, index=True)
    identity_note: Mapped[str | None] = mapped_column(Text)  # what matched, in French
    # the document that sets its territory's actions and credits for its year (the latest
    # avenant of the year, else the convention); reports are effective for their year
    effective: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    source_file: Mapped[SourceFile] = relationship(back_populates="document")
    values: Mapped[list[ExtractedValue]] = relationship(
        back_populates="document", cascade="all, delete-orphan",
        order_by="ExtractedValue.id")
    action_lines: Mapped[list[ActionLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="ActionLine.id")


class ExtractedValue(Base):
    """One extracted value with how it was read and where (offsets into the source text)."""

    __tablename__ = "extracted_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(512))  # positional calpae-json path
    # stable across re-extraction (`actions[1.2].budget.state`): corrections attach to it
    key: Mapped[str] = mapped_column(String(512))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(16))  # exact | repaired | inferred
    reason: Mapped[str | None] = mapped_column(Text)  # why not exact, in French
    parts: Mapped[list[dict[str, Any]] | None] = mapped_column(  # each span of a sum
        JSON(none_as_null=True))
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    evidence_line: Mapped[int | None] = mapped_column(Integer)
    evidence_page: Mapped[int | None] = mapped_column(Integer)
    bbox_x0: Mapped[float | None] = mapped_column(Float)
    bbox_y0: Mapped[float | None] = mapped_column(Float)
    bbox_x1: Mapped[float | None] = mapped_column(Float)
    bbox_y1: Mapped[float | None] = mapped_column(Float)
    evidence_text: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="values")

    __table_args__ = (Index("uq_extracted_values_document_id_key", "document_id", "key",
                            unique=True),)


class ActionLine(Base):
    """One fiche of a document with its budget and execution in columns, for SQL totals."""

    __tablename__ = "action_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(512))  # the action's stable key (`actions[1.2]`)
    ref: Mapped[str | None] = mapped_column(String(64))
    section: Mapped[str | None] = mapped_column(String(32))
    measure: Mapped[str | None] = mapped_column(String(512))
    # the socle measure it answers (`checks.themes`), `initiative`, or None: totals group by it
    theme: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[float | None] = mapped_column(Float)
    territory: Mapped[float | None] = mapped_column(Float)
    other: Mapped[float | None] = mapped_column(Float)
    total: Mapped[float | None] = mapped_column(Float)
    engaged: Mapped[float | None] = mapped_column(Float)
    consumed: Mapped[float | None] = mapped_column(Float)
    carryover_requested: Mapped[float | None] = mapped_column(Float)

    document: Mapped[Document] = relationship(back_populates="action_lines")


class Finding(Base):
    """One finding of a rule, kept by its identity (rule + the keys of the values compared) so
    that a reviewer's decision on it survives recomputation."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity: Mapped[str] = mapped_column(String(96), unique=True)
    rule: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    territory_key: Mapped[str | None] = mapped_column(String(300), index=True)
    year: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    cited: Mapped[list[Any]] = mapped_column(default=list)  # values with their evidence
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    documents: Mapped[list[Document]] = relationship(secondary="finding_documents")


class FindingDocument(Base):
    __tablename__ = "finding_documents"

    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True)


class IngestJob(Base):
    """One file handed to the ingestion queue (`calpae.tasks`): where it is, how far its
    processing is, and how it ended.

    `sha256` is the idempotency key: `active_sha256` holds it while the job waits or runs and
    is NULL once it has ended, so that a unique index lets one live job per content (NULLs
    never collide, on every backend). A running job holds a lease its worker renews; a job
    whose lease has expired belongs to a dead worker and is run again.
    """

    __tablename__ = "ingest_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    active_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    stored_path: Mapped[str | None] = mapped_column(Text)  # None once the file is removed
    display_name: Mapped[str] = mapped_column(String(512))  # the client's name, sanitised
    size: Mapped[int] = mapped_column(BigInteger)
    format: Mapped[str | None] = mapped_column(String(32))
    # en_attente | en_cours | enregistré | déjà présent | échec (calpae.tasks.JobStatus)
    status: Mapped[str] = mapped_column(String(16), index=True)
    step: Mapped[str | None] = mapped_column(String(200))  # « OCR page 3/30 »
    pages_done: Mapped[int | None] = mapped_column(Integer)
    pages_total: Mapped[int | None] = mapped_column(Integer)
    # the document stored, or the one the same bytes were already stored as
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    error: Mapped[str | None] = mapped_column(Text)  # the user's message (French / English)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200))  # host:pid:thread of the last run
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True),
                                                                 index=True)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    enqueued_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class StoreRevision(Base):
    """One row: a number raised by every commit that changes what the pages show
    (`calpae.store.revision`); the web app's page cache is keyed by it."""

    __tablename__ = "store_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger)
