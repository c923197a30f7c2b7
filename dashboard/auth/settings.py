"""The auth settings read from the environment once at start-up, and the session secret key
(from `$AOJ_SECRET_KEY`, else a `secret_key` file beside the app database, created on first run)."""

from __future__ import annotations

import logging
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

SECRET_FILE = "secret_key"


@dataclass(frozen=True)
class Settings:
    """What an operator sets through `AOJ_*` variables; see the README, "Accounts and login"."""

    https: bool = False
    session_hours: float = 8.0
    trusted_user_header: str | None = None
    trusted_proxies: frozenset[str] = frozenset()
    login_limit: str = "10 per minute"

    @classmethod
    def from_env(cls, env=None) -> Settings:
        env = os.environ if env is None else env
        hours = float(env.get("AOJ_SESSION_HOURS") or cls.session_hours)
        if not 0 < hours <= 24 * 31:
            raise ValueError(f"AOJ_SESSION_HOURS must be between 0 and 744, not {hours}")
        proxies = (p.strip() for p in (env.get("AOJ_TRUSTED_PROXIES") or "").split(","))
        return cls(
            https=env.get("AOJ_HTTPS", "").strip() == "1",
            session_hours=hours,
            trusted_user_header=(env.get("AOJ_TRUSTED_USER_HEADER") or "").strip() or None,
            trusted_proxies=frozenset(p for p in proxies if p),
        )

    def trusts(self, remote_addr: str | None) -> bool:
        """Whether a request from this address may name its user in the trusted header."""
        return bool(self.trusted_user_header) and remote_addr in self.trusted_proxies

    def client_address(self, remote_addr: str | None, forwarded_for: str | None) -> str:
        """Who is asking, for the login rate limit: the connecting address, or, when that is a
        trusted proxy, the last address it put in X-Forwarded-For (the one it saw connect)."""
        if remote_addr in self.trusted_proxies and forwarded_for:
            last = forwarded_for.rsplit(",", 1)[-1].strip()
            if last:
                return last
        return remote_addr or "unknown"


def secret_dir(warehouse_path: str | os.PathLike, database_url: str | None) -> Path:
    """The folder of the SQLite app database, or the warehouse's folder for other databases."""
    if database_url:
        url = make_url(database_url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return Path(url.database).resolve().parent
    return Path(warehouse_path).resolve().parent


def secret_key(folder: Path, env=None) -> str:
    """`$AOJ_SECRET_KEY`, else the key in `folder/secret_key`, written there on first run."""
    env = os.environ if env is None else env
    if env.get("AOJ_SECRET_KEY"):
        return env["AOJ_SECRET_KEY"]
    path = folder / SECRET_FILE
    if not path.exists():
        _create_secret(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s is readable by others (mode %o); chmod 600 it", path, mode)
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds no usable key; delete it to have a new one made")
    return key


def _create_secret(path: Path) -> None:
    # The key is written complete into a private temporary file (mkstemp: O_EXCL, mode 0600)
    # and then hard-linked into place, which fails if the name exists: of several workers
    # starting at once exactly one link wins, and nobody ever reads a half-written key.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".secret_key.", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
            log.info("created a new session key in %s", path)
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)
