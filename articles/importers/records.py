from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


class RecordError(Exception):
    """A record that cannot be imported, with where it came from."""

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class ArticleRecord:
    """One story as an importer read it, before it touches the database."""

    source: str
    external_id: str
    headline: str
    path: str = ""
    line: int | None = None
    language: str = "ar"
    deck: str = ""
    lead: str = ""
    body_html: str = ""
    image_caption: str = ""
    image_alt: str = ""
    image_credit: str = ""
    byline: str = ""
    tags: list[str] = field(default_factory=list)
    published_at: datetime | None = None


def read_bytes(path, limit=None):
    """The file's bytes (the first ``limit`` of them), or a RecordError saying why not."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            return file.read(limit) if limit else file.read()
    except FileNotFoundError:
        raise RecordError(path, "no such file")
    except IsADirectoryError:
        raise RecordError(path, "is a directory, not a file")
    except PermissionError:
        raise RecordError(path, "cannot be read: permission denied")
    except OSError as error:
        raise RecordError(path, f"cannot be read: {error.strerror or error}")
