"""Free uploaded files from the server's memory once they are safely on disk.

Streamlit keeps every uploaded file's bytes in memory, per session, until the session ends or the
browser deletes the file (its ✕ button). Changing the uploader's key only hides them. A
500-photo upload would then pin hundreds of MB for as long as the tab stays open. This module
removes them from Streamlit's upload manager, the same call Streamlit's own chat input uses.
"""

from __future__ import annotations

from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile


def release(upload: UploadedFile) -> None:
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.uploaded_file_mgr is not None:
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=upload.file_id)
    upload.close()
