"""Where uploads live: a private storage, and random file names that never carry the user's own."""

import uuid
from pathlib import PurePath

from django.core.files.storage import storages


def private_storage():
    return storages["private"]


def random_upload_name(instance, filename: str) -> str:
    """The user's file name never reaches the file system: only its (lower-cased) extension is kept."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}{suffix}"
