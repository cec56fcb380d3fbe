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
class Skipped:
    """A record the format leaves out on purpose (a WordPress page, a trashed post): counted, not failed."""

    path: str
    line: int | None
    reason: str


@dataclass
class BodyPhoto:
    """A photo inside a body before it is in the library: a local file and what it says."""

    path: str
    caption: str = ""
    alt: str = ""
    credit: str = ""
    # {"fr": {"caption": …, "alt": …}}
    translations: dict = field(default_factory=dict)


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
    # body_html itself when the importer ran it through sanitise_html (WordPress and feeds do, as
    # they convert): the upsert then does not clean that very string again.
    sanitised_body_html: str | None = field(default=None, repr=False, compare=False)
    image_caption: str = ""
    image_alt: str = ""
    image_credit: str = ""
    byline: str = ""
    tags: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    # The record's own status (a WordPress draft stays a draft); empty: the run's default.
    status: str = ""
    # Section names, outermost first: ["رياضة", "كرة القدم"].
    section_path: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    # {"fr": {"headline": …, "deck": …, "lead": …, "body_html": …}, …}
    translations: dict = field(default_factory=dict)
    # The story's address on the old site; a request for its path redirects to the story.
    old_url: str = ""
    # A local image file for the story's main image.
    image_path: str = ""
    # Photos inside the bodies, by the id their figures carry (data-photo="42"), which the upsert
    # replaces by the library's: {"42": BodyPhoto}. Ids not named here are this site's own.
    body_photos: dict = field(default_factory=dict)
    # Story cards by the id they carry (data-story="7") and the story's id in the import
    # (source and external id, as the export writes it): {"7": "json:a-1"}. A card whose story
    # is not in the site after the run is dropped.
    body_stories: dict = field(default_factory=dict)

    TEXT_FIELDS = ("external_id", "headline", "deck", "lead", "body_html", "image_caption", "image_alt", "image_credit", "byline", "status", "old_url")
    LIST_FIELDS = ("tags", "authors", "section_path")

    def field_holding_nul(self):
        """The name of a field holding a NUL character, or None.

        No text may hold one: PostgreSQL refuses it, and on SQLite it would cut the text short
        wherever C code reads it. Checked here so both databases refuse the same records.
        """
        for name in self.TEXT_FIELDS:
            if "\x00" in getattr(self, name):
                return name
        for name in self.LIST_FIELDS:
            if any("\x00" in value for value in getattr(self, name)):
                return name
        for code, fields in self.translations.items():
            for name, value in fields.items():
                if "\x00" in value:
                    return f"{name} ({code})"
        return None


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
