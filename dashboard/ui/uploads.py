"""Uploads on the Data page: checked once per content, never left on disk."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard.loading import importer

log = logging.getLogger("dashboard")
_KEY = "data_upload_check"


def upload_key(*, name: str, data: bytes, source_title: str, source_url: str) -> str:
    """What makes a check reusable: the content's SHA-256, the file name and the sources."""
    digest = hashlib.sha256(data).hexdigest()
    return "\x1f".join((digest, Path(name).name, source_title, source_url))


def check_upload(
    *, engine: Engine, name: str, data: bytes, source_title: str, source_url: str
) -> importer.ImportPlan:
    """Check uploaded bytes with the importer (as the CLI does); the file lives only meanwhile.

    It is written into a TemporaryDirectory, removed when the check ends, whatever happens.
    Raises importer.ImporterError (UnreadableFile) for a file that cannot be read at all.
    """
    refuse_size(len(data))  # before a byte reaches the disk
    with tempfile.TemporaryDirectory(prefix="lc-upload-") as folder:
        path = Path(folder) / (Path(name).name or "upload")  # the browser's name, never a path
        path.write_bytes(data)
        try:
            return importer.check_file(
                engine=engine,
                path=path,
                source_title=source_title or None,
                source_url=source_url or None,
            )
        except importer.ImporterError as exc:
            # never show the server's temporary folder
            raise type(exc)(str(exc).replace(str(path), path.name).replace(folder, "")) from None


def refuse_size(size: int) -> None:
    """Refused for 50 MB or more, told from the upload's size before its bytes are copied."""
    if size >= importer.MAX_FILE_BYTES:
        raise importer.Refused(
            f"refused: the file is {size / 1024 / 1024:.1f} MB; files of 50 MB or more "
            "are not imported (split it into smaller files)"
        )


def check_upload_ui(
    *, engine: Engine, upload: UploadedFile, source_title: str, source_url: str
) -> importer.ImportPlan:
    """The check of this upload, from the session when the same content was checked already.

    Only the latest check is kept; a refusal is remembered too, so a bomb is refused once.
    """
    refuse_size(upload.size)
    name, data = upload.name, upload.getvalue()
    key = upload_key(name=name, data=data, source_title=source_title, source_url=source_url)
    held = st.session_state.get(_KEY)
    if held is None or held[0] != key:
        try:
            held = (
                key,
                check_upload(
                    engine=engine,
                    name=name,
                    data=data,
                    source_title=source_title,
                    source_url=source_url,
                ),
                None,
            )
        except importer.ImporterError as exc:
            log.info("upload %s not read: %s", Path(name).name, exc)
            held = (key, None, exc)
        st.session_state[_KEY] = held
    key_, plan, refusal = held
    if refusal is not None:
        raise refusal
    assert isinstance(plan, importer.ImportPlan)
    return plan
