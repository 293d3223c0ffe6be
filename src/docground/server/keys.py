"""API keys: created random, stored only as a SHA-256 hash, resolved to a tenant per request.

A key is 256 random bits, so a plain SHA-256 (no salt, no slow KDF) is enough: nothing can be
guessed from the hash, and lookups stay one indexed query. Each key belongs to a tenant (its
own by default; `--tenant` shares one between keys, e.g. to rotate a key without losing the
files and predictions). Each key also has a webhook secret that signs its callbacks: it is
stored readable (HMAC needs it) and is not a credential for the API.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from .db import ApiKey, Store, new_id, utcnow

KEY_PREFIX = "dg-"
LOCAL_TENANT = "local"  # every request's tenant under --no-auth


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is calling: the tenant that owns what they create, and the secret signing their callbacks."""

    tenant: str
    key_id: str | None
    webhook_secret: str | None


def create_key(store: Store, name: str = "", tenant: str | None = None) -> tuple[ApiKey, str]:
    """A new key -> (its row, the key itself: shown once, never stored)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    key_id = new_id("key")
    row = ApiKey(id=key_id, tenant=tenant or f"tenant_{key_id[4:20]}", name=name, key_hash=hash_key(key),
                 prefix=key[:10], webhook_secret="whsec_" + secrets.token_urlsafe(32), created_at=utcnow(),
                 revoked_at=None)
    store.add_key(row)
    return row, key


def authenticate(store: Store, key: str) -> Principal | None:
    """A presented key -> its principal, or None when unknown or revoked."""
    row = store.key_by_hash(hash_key(key))
    if row is None or row.revoked_at is not None:
        return None
    return Principal(row.tenant, row.id, row.webhook_secret)


def find_key(store: Store, ref: str) -> ApiKey | None:
    """A key id, a unique id prefix, or the key itself -> its row."""
    row = store.key(ref) or store.key_by_hash(hash_key(ref))
    if row is not None:
        return row
    matches = [k for k in store.keys() if k.id.startswith(ref) or k.prefix == ref]
    return matches[0] if len(matches) == 1 else None
