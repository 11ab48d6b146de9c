"""Every file kg writes goes through here: whole or not at all, and an OS failure is one line with the fix."""
from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["OutputError", "write_atomic", "write_atomic_with", "os_failure"]

_FIXES = {
    errno.ENOSPC: "no space left on the disk; free some space or give --out a folder on another disk",
    errno.EDQUOT: "the disk quota is exhausted; free some space or give --out a folder on another disk",
    errno.EFBIG: "the file is larger than the size limit of this process (ulimit -f); raise the limit",
    errno.EACCES: "permission denied; check the folder's permissions or give --out another folder",
    errno.EPERM: "not permitted; check the folder's permissions or give --out another folder",
    errno.EROFS: "the disk is read-only; give --out a folder on a writable disk",
    errno.ENOENT: "it vanished while kg was using it; check nothing else removes it, and run the command again",
    errno.ENOTDIR: "a part of the path is a file, not a folder; give another path",
    errno.EISDIR: "it is a folder; give a file path",
}


class OutputError(Exception):
    """A file could not be written (or read back); the message names the path and the fix."""


def os_failure(exc: OSError, path: str | Path | None = None) -> OutputError:
    """``exc`` as one line naming the path and what to do about it."""
    where = path or exc.filename or "?"
    reason = _FIXES.get(exc.errno or -1)
    if reason is None:
        text = str(exc).lower()
        if "no space" in text:
            reason = _FIXES[errno.ENOSPC]
        elif "too large" in text:
            reason = _FIXES[errno.EFBIG]
        else:
            reason = f"{exc.strerror or exc}; check the path and the disk"
    return OutputError(f"{where}: {reason}")


def write_atomic_with(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary path)`` beside ``path``, then rename the result onto ``path``.

    A crash, a full disk or a size limit leaves ``path`` as it was and no temporary file behind;
    an OS failure is raised as OutputError naming ``path``."""
    path = Path(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        write(Path(tmp))
        with open(tmp, "rb") as fh:  # the data reach the disk before the rename makes them visible
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise os_failure(exc, path) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` whole or not at all (see ``write_atomic_with``)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(payload)

    return write_atomic_with(path, write)
