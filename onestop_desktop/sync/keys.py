"""The desk's Ed25519 signing key: created at `init`, private key readable only by its owner."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.text import excerpt


class SigningKeyError(KnownError):
    """A key file is missing, unreadable or not an Ed25519 key."""


def key_path(db_path: Path) -> Path:
    """Where a desk keeps its private key: beside its database."""
    return db_path.with_name(db_path.name + ".signing-key.pem")


def create_key(path: Path, key: Ed25519PrivateKey | None = None) -> Ed25519PrivateKey:
    """Save a new private key (or `key`, made earlier and shown before it is saved) with mode
    0600; never overwrites an existing one."""
    key = key or Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


def load_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise SigningKeyError(
            f"Không tìm thấy khóa ký của quầy {path}. Hãy thiết lập lại quầy để tạo khóa mới "
            "và đăng ký khóa công khai mới với hệ thống cấp trên.",
            f"the desk's signing key {path} is missing; set the desk up again to create one "
            "(and register the new public key upstream)",
            cli_hint="run `init` again",
        ) from None
    except (ValueError, TypeError) as error:
        raise SigningKeyError(
            f"Tệp {path} không phải khóa ký đọc được ({error}).",
            f"{path} is not a readable private key: {error}",
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(
            f"Tệp {path} không phải khóa Ed25519.", f"{path} is not an Ed25519 key"
        )
    return key


def ensure_key(path: Path) -> Ed25519PrivateKey:
    return load_key(path) if path.exists() else create_key(path)


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The public key as registered upstream: base64 of the raw 32 bytes."""
    return base64.b64encode(public_raw(key)).decode("ascii")


def fingerprint(key: Ed25519PrivateKey | Ed25519PublicKey | bytes) -> str:
    raw = key if isinstance(key, bytes) else public_raw(key)
    return hashlib.sha256(raw).hexdigest()


def grouped(fingerprint_hex: str) -> str:
    """A fingerprint in groups of four, as `key` prints it and people compare it by eye; its
    first 16 digits are what upstream prints when it registers the key."""
    return " ".join(fingerprint_hex[i : i + 4] for i in range(0, len(fingerprint_hex), 4))


def parse_public(text: str) -> Ed25519PublicKey:
    """A public key from its base64 text; ValueError with what is expected otherwise."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        raise ValueError(f"{excerpt(text)} is not base64: expected the text `key` prints") from None
    if len(raw) != 32:
        raise ValueError(f"a public key is 32 bytes, this one is {len(raw)}")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True
