"""Virus scanning through a clamd unix socket, speaking its INSTREAM protocol directly:

    client: b"zINSTREAM\\0", then chunks of <4-byte big-endian length><data>, then <0000>
    clamd:  b"stream: OK\\0" | b"stream: <signature> FOUND\\0" | b"<reason> ERROR\\0"
"""
from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from pathlib import Path

from .errors import ScannerUnavailable

CHUNK = 256 * 1024


@dataclass(frozen=True)
class ScanResult:
    """clamd's verdict on one file."""

    clean: bool
    signature: str
    answer: str


def _connect(socket_path: str, timeout: float) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(socket_path)
    except OSError as exc:
        sock.close()
        raise ScannerUnavailable(f"clamd at {socket_path}: {exc}") from exc
    return sock


def _read_answer(sock: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\0"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.rstrip(b"\0").decode("utf-8", "replace").strip()


def version(socket_path: str, timeout: float = 10) -> str:
    """clamd's version line, e.g. "ClamAV 1.0.3/27000/..." (the agent of a virus-check event)."""
    sock = _connect(socket_path, timeout)
    try:
        sock.sendall(b"zVERSION\0")
        return _read_answer(sock) or "ClamAV"
    except OSError as exc:
        raise ScannerUnavailable(f"clamd at {socket_path}: {exc}") from exc
    finally:
        sock.close()


def scan_file(path: Path, socket_path: str, timeout: float = 300) -> ScanResult:
    sock = _connect(socket_path, timeout)
    try:
        sock.sendall(b"zINSTREAM\0")
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        answer = _read_answer(sock)
    except OSError as exc:
        raise ScannerUnavailable(f"clamd at {socket_path}: {exc}") from exc
    finally:
        sock.close()
    if answer.endswith("FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        return ScanResult(clean=False, signature=signature, answer=answer)
    if answer.endswith("OK"):
        return ScanResult(clean=True, signature="", answer=answer)
    raise ScannerUnavailable(f"clamd answered: {answer or 'nothing'}")
