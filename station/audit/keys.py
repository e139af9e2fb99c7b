"""The station's Ed25519 key: it signs the audit checkpoints; its public half is handed out."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from station.audit.chain import Checkpoint

KEY_FILE = "audit_ed25519.pem"


class StationKey:
    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public: Ed25519PublicKey = private.public_key()

    @classmethod
    def load_or_create(cls, folder: Path) -> StationKey:
        """The key in `folder` (the platform data directory), made on first use, mode 0600."""
        path = folder / KEY_FILE
        if path.exists():
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(private, Ed25519PrivateKey):
                raise ValueError(f"{path} holds no Ed25519 key")
            return cls(private)
        folder.mkdir(parents=True, exist_ok=True)
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        return cls(private)

    def public_pem(self) -> str:
        return self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    @property
    def station_id(self) -> str:
        """The station's pseudonymous id: the first 16 hex digits of its public key's SHA-256."""
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return hashlib.sha256(raw).hexdigest()[:16]

    def sign(self, point: Checkpoint) -> bytes:
        return self._private.sign(point.signed_bytes())

    def signature_ok(self, point: Checkpoint) -> bool:
        return verify_signature(self.public, point)


def verify_signature(public: Ed25519PublicKey, point: Checkpoint) -> bool:
    try:
        public.verify(point.signature, point.signed_bytes())
    except InvalidSignature:
        return False
    return True
