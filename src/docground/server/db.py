"""Keys, files, predictions, job state and feedback <-> SQL rows (SQLAlchemy: SQLite by default, PostgreSQL by URL).

One `Store` owns the engine; every method opens its own short session, so it is safe to call
from worker threads. Times are ISO-8601 UTC strings (portable, and they sort as they read).
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import JSON, Boolean, Integer, String, Text, create_engine, event, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

TERMINAL = ("completed", "failed")
UNFINISHED = ("pending", "running")


def utcnow() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


class Base(DeclarativeBase):
    pass


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)  # sha256 hex of the key
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to recognise a key in a list
    webhook_secret: Mapped[str] = mapped_column(String(128))  # signs this key's callbacks (must stay readable)
    created_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40), nullable=True)


class FileRow(Base):
    __tablename__ = "files"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # for display only: never a path on disk
    bytes: Mapped[int] = mapped_column(Integer)
    md5: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "pdf" | "image" | "video", sniffed from the content
    purpose: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(40), index=True)


class PredictionRow(Base):
    __tablename__ = "predictions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), index=True)
    key_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))  # "image" | "document" | "video"
    domain: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    batch: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(40), index=True)
    started_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    completed_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    spec: Mapped[dict] = mapped_column(JSON)
    file_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    response: Mapped[Any] = mapped_column(JSON, nullable=True)
    usage: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # times the job was started
    callback_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    callback_state: Mapped[str | None] = mapped_column(String(16), nullable=True)  # pending|delivered|failed
    callback_attempts: Mapped[int] = mapped_column(Integer, default=0)


class FeedbackRow(Base):
    """A reviewer's correction of a prediction (VLM Run's feedback): the corrected response and/or notes."""

    __tablename__ = "feedback"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), index=True)
    key_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    request_id: Mapped[str] = mapped_column(String(64), index=True)  # the prediction
    created_at: Mapped[str] = mapped_column(String(40), index=True)
    response: Mapped[Any] = mapped_column(JSON, nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)


def db_url_for(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir) / 'docground.db'}"


class Store:
    """The database behind a server: open it with a URL, `create()` the tables once."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith("sqlite"):
            self.engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

            @event.listens_for(self.engine, "connect")
            def _pragmas(conn, _record):  # WAL: readers never block the writer
                cur = conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA busy_timeout=30000")
                cur.close()
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        self.session = sessionmaker(self.engine, expire_on_commit=False)

    def create(self) -> "Store":
        Base.metadata.create_all(self.engine)
        return self

    def close(self) -> None:
        self.engine.dispose()

    # --- API keys -------------------------------------------------------------------------
    def add_key(self, row: ApiKey) -> ApiKey:
        with self.session.begin() as s:
            s.add(row)
        return row

    def key_by_hash(self, key_hash: str) -> ApiKey | None:
        with self.session() as s:
            return s.scalar(select(ApiKey).where(ApiKey.key_hash == key_hash))

    def keys(self) -> list[ApiKey]:
        with self.session() as s:
            return list(s.scalars(select(ApiKey).order_by(ApiKey.created_at)))

    def key(self, key_id: str) -> ApiKey | None:
        if not _storable(key_id):
            return None
        with self.session() as s:
            return s.get(ApiKey, key_id)

    def tenant_exists(self, tenant: str) -> bool:
        with self.session() as s:
            return s.scalar(select(ApiKey.id).where(ApiKey.tenant == tenant).limit(1)) is not None

    def revoke_key(self, key_id: str) -> ApiKey | None:
        with self.session.begin() as s:
            row = s.get(ApiKey, key_id)
            if row is not None and row.revoked_at is None:
                row.revoked_at = utcnow()
            return row

    # --- files ----------------------------------------------------------------------------
    def add_file(self, row: FileRow) -> FileRow:
        with self.session.begin() as s:
            s.add(row)
        return row

    def file(self, file_id: str) -> FileRow | None:
        if not _storable(file_id):
            return None
        with self.session() as s:
            return s.get(FileRow, file_id)

    def file_by_md5(self, tenant: str, md5: str) -> FileRow | None:
        with self.session() as s:
            return s.scalar(select(FileRow).where(FileRow.tenant == tenant, FileRow.md5 == md5)
                            .order_by(FileRow.created_at.desc()).limit(1))

    def files(self, tenant: str, skip: int, limit: int) -> list[FileRow]:
        with self.session() as s:
            q = (select(FileRow).where(FileRow.tenant == tenant)
                 .order_by(FileRow.created_at.desc(), FileRow.id).offset(skip).limit(limit))
            return list(s.scalars(q))

    def delete_file(self, file_id: str) -> None:
        with self.session.begin() as s:
            row = s.get(FileRow, file_id)
            if row is not None:
                s.delete(row)

    # --- predictions ----------------------------------------------------------------------
    def add_prediction(self, row: PredictionRow) -> PredictionRow:
        with self.session.begin() as s:
            s.add(row)
        return row

    def prediction(self, pred_id: str) -> PredictionRow | None:
        if not _storable(pred_id):
            return None
        with self.session() as s:
            return s.get(PredictionRow, pred_id)

    def predictions(self, tenant: str, skip: int, limit: int, status: str | None = None) -> list[PredictionRow]:
        with self.session() as s:
            q = select(PredictionRow).where(PredictionRow.tenant == tenant)
            if status:
                q = q.where(PredictionRow.status == status)
            q = q.order_by(PredictionRow.created_at.desc(), PredictionRow.id).offset(skip).limit(limit)
            return list(s.scalars(q))

    def start(self, pred_id: str) -> PredictionRow | None:
        """pending -> running (None if the prediction is gone or already finished)."""
        with self.session.begin() as s:
            row = s.get(PredictionRow, pred_id)
            if row is None or row.status in TERMINAL:
                return None
            row.status, row.started_at, row.attempts = "running", utcnow(), (row.attempts or 0) + 1
            return row

    def finish(self, pred_id: str, result: dict) -> PredictionRow | None:
        """Store a job's result (run_job's dict): completed with response + usage, or failed with error."""
        with self.session.begin() as s:
            row = s.get(PredictionRow, pred_id)
            if row is None:
                return None
            row.status = result["status"]
            row.completed_at = result.get("completed_at") or utcnow()
            if result["status"] == "completed":
                row.response, row.usage, row.domain = result["response"], result["usage"], result.get("domain") or row.domain
                row.error = None
            else:
                row.response, row.error = None, result.get("error") or "failed"
                row.usage = {**(row.usage or {}), "message": row.error, "duration_seconds": 0}
            if row.callback_url:
                row.callback_state = "pending"
            return row

    def unfinished(self) -> list[PredictionRow]:
        """Jobs that were queued or running when the server stopped, oldest first."""
        with self.session() as s:
            q = select(PredictionRow).where(PredictionRow.status.in_(UNFINISHED)).order_by(PredictionRow.created_at)
            return list(s.scalars(q))

    def requeue(self, ids: Iterable[str]) -> None:
        with self.session.begin() as s:
            s.execute(update(PredictionRow).where(PredictionRow.id.in_(list(ids)), PredictionRow.status == "running")
                      .values(status="pending"))

    def undelivered(self) -> list[PredictionRow]:
        with self.session() as s:
            q = select(PredictionRow).where(PredictionRow.callback_state == "pending",
                                            PredictionRow.status.in_(TERMINAL))
            return list(s.scalars(q))

    def callback_done(self, pred_id: str, state: str, attempts: int) -> None:
        with self.session.begin() as s:
            row = s.get(PredictionRow, pred_id)
            if row is not None:
                row.callback_state, row.callback_attempts = state, attempts

    # --- feedback -------------------------------------------------------------------------
    def add_feedback(self, row: FeedbackRow) -> FeedbackRow:
        with self.session.begin() as s:
            s.add(row)
        return row

    def feedback(self, tenant: str, request_id: str, skip: int, limit: int) -> list[FeedbackRow]:
        if not _storable(request_id):
            return []
        """A prediction's feedback, newest first."""
        with self.session() as s:
            q = (select(FeedbackRow).where(FeedbackRow.tenant == tenant, FeedbackRow.request_id == request_id)
                 .order_by(FeedbackRow.created_at.desc(), FeedbackRow.id).offset(skip).limit(limit))
            return list(s.scalars(q))


def _storable(text: str) -> bool:
    """Whether `text` can be a key in the database (UTF-8 encodable): an id with a lone surrogate
    was never stored, and SQLite cannot even look it up (found by bench/fuzz's server harness)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
