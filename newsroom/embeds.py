"""The embed providers: which addresses become an embed, how each is stored and framed.

An editor pastes an address; ``match(url)`` answers the provider and the id (or None, and the
address stays a link). The body stores only those two (``newsroom.bodyblocks``); everything a
reader's browser is given is rebuilt here from them: the canonical address (the link in feeds,
the API and pages without JavaScript) and the frame's address, loaded only when the reader
asks for it. Adding a provider is one ``Provider`` in ``PROVIDERS``.

Hosts are compared whole, never by suffix or substring: ``youtube.com.evil.example`` and
``evilyoutube.com`` are not YouTube.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

from django.utils.translation import gettext_lazy as _

MAX_URL_LENGTH = 2000
MAX_ID_LENGTH = 300


@dataclass(frozen=True)
class Provider:
    name: str  # stored in data-embed; lower-case letters only
    label: str  # the provider's own name, shown on the box
    kind: str  # video, post, audio or map: the box's shape
    hosts: frozenset  # addresses editors paste
    id_pattern: re.Pattern  # what a stored id must be, whole
    parse: object  # (host, path, query) -> id or None
    canonical: object  # id -> the address readers can open
    frame: object  # id -> the address of the frame, on frame_origin
    frame_origin: str  # the one host the frame may load from


@dataclass(frozen=True)
class Embed:
    provider: Provider
    id: str

    @property
    def url(self):
        return self.provider.canonical(self.id)

    @property
    def frame_src(self):
        return self.provider.frame(self.id)

    @property
    def frame_origin(self):
        return self.provider.frame_origin

    @property
    def label(self):
        return self.provider.label

    @property
    def kind(self):
        return self.provider.kind

    @property
    def default_title(self):
        return KIND_TITLES[self.kind] % {"provider": self.provider.label}


KIND_TITLES = {
    "video": _("Video on %(provider)s"),
    "post": _("Post on %(provider)s"),
    "audio": _("Audio on %(provider)s"),
    "map": _("Map on %(provider)s"),
}


def _segments(path):
    return [unquote(part) for part in path.split("/") if part]


# YouTube ------------------------------------------------------------------------------

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}", re.ASCII)


def _youtube(host, path, query):
    parts = _segments(path)
    if host == "youtu.be":
        candidate = parts[0] if parts else ""
    elif parts[:1] == ["watch"]:
        candidate = (query.get("v") or [""])[0]
    elif len(parts) >= 2 and parts[0] in ("embed", "shorts", "live", "v"):
        candidate = parts[1]
    else:
        return None
    return candidate if YOUTUBE_ID.fullmatch(candidate) else None


# Vimeo, Dailymotion --------------------------------------------------------------------

VIMEO_ID = re.compile(r"\d{1,20}", re.ASCII)


def _vimeo(host, path, query):
    parts = _segments(path)
    if host == "player.vimeo.com":
        parts = parts[1:] if parts[:1] == ["video"] else []
    candidate = next((part for part in parts if VIMEO_ID.fullmatch(part)), None) if len(parts) <= 3 else None
    return candidate


DAILYMOTION_ID = re.compile(r"[a-zA-Z0-9]{5,20}", re.ASCII)


def _dailymotion(host, path, query):
    parts = _segments(path)
    if host == "dai.ly":
        candidate = parts[0] if len(parts) == 1 else ""
    elif parts[:1] == ["video"] and len(parts) >= 2:
        candidate = parts[1].split("_")[0]
    elif parts[:2] == ["embed", "video"] and len(parts) >= 3:
        candidate = parts[2]
    elif host == "geo.dailymotion.com":
        candidate = (query.get("video") or [""])[0]
    else:
        return None
    return candidate if DAILYMOTION_ID.fullmatch(candidate) else None


# X / Twitter ------------------------------------------------------------------------------

X_ID = re.compile(r"[A-Za-z0-9_]{1,15}/\d{1,25}", re.ASCII)


def _x(host, path, query):
    parts = _segments(path)
    if parts[:3] == ["i", "web", "status"]:
        # A post's address without its author's name; X answers it under the name "i".
        parts = ["i", *parts[2:]]
    if len(parts) >= 3 and parts[1] == "status" and parts[2].isdigit():
        candidate = f"{parts[0]}/{parts[2]}"
        return candidate if X_ID.fullmatch(candidate) else None
    return None


def _x_frame(embed_id):
    status = embed_id.split("/")[1]
    return f"https://platform.twitter.com/embed/Tweet.html?id={status}&dnt=true"


# Facebook -------------------------------------------------------------------------------

FACEBOOK_ID = re.compile(
    r"(?:[A-Za-z0-9][A-Za-z0-9.\-]{0,99}/(?:posts|videos)/[A-Za-z0-9_\-]{1,120}"
    r"|reel/\d{1,25}|watch/\d{1,25}|permalink/\d{1,25}/\d{1,25})",
    re.ASCII,
)
FACEBOOK_VIDEO = re.compile(r"^(?:[^/]+/videos/|reel/|watch/)")


def _facebook(host, path, query):
    parts = _segments(path)
    if parts[:1] == ["plugins"]:
        # A frame pasted from Facebook's own embed code names the post in its href.
        inner = match((query.get("href") or [""])[0])
        return inner.id if inner is not None and inner.provider.name == "facebook" else None
    if parts[:1] == ["watch"]:
        candidate = "watch/" + (query.get("v") or [""])[0]
    elif parts[:1] == ["reel"] and len(parts) >= 2:
        candidate = f"reel/{parts[1]}"
    elif parts[:1] in (["permalink.php"], ["story.php"]):
        candidate = "permalink/{}/{}".format((query.get("id") or [""])[0], (query.get("story_fbid") or [""])[0])
    elif len(parts) >= 3 and parts[1] in ("posts", "videos"):
        candidate = "/".join(parts[:3])
    else:
        return None
    return candidate if FACEBOOK_ID.fullmatch(candidate) else None


def _facebook_canonical(embed_id):
    if embed_id.startswith("watch/"):
        return f"https://www.facebook.com/watch/?v={embed_id[6:]}"
    if embed_id.startswith("permalink/"):
        page, story = embed_id.split("/")[1:]
        return f"https://www.facebook.com/permalink.php?story_fbid={story}&id={page}"
    return f"https://www.facebook.com/{embed_id}"


def _facebook_frame(embed_id):
    plugin = "video" if FACEBOOK_VIDEO.match(embed_id) else "post"
    return f"https://www.facebook.com/plugins/{plugin}.php?href={quote(_facebook_canonical(embed_id), safe='')}"


# Instagram, TikTok, SoundCloud ---------------------------------------------------------------

INSTAGRAM_ID = re.compile(r"(?:p|reel|tv)/[A-Za-z0-9_-]{5,40}", re.ASCII)


def _instagram(host, path, query):
    parts = _segments(path)
    if len(parts) >= 2 and parts[0] in ("p", "reel", "tv"):
        candidate = f"{parts[0]}/{parts[1]}"
        return candidate if INSTAGRAM_ID.fullmatch(candidate) else None
    return None


TIKTOK_ID = re.compile(r"@[A-Za-z0-9_][A-Za-z0-9_.]{0,39}/\d{1,25}", re.ASCII)


def _tiktok(host, path, query):
    parts = _segments(path)
    if len(parts) >= 3 and parts[0].startswith("@") and parts[1] == "video":
        candidate = f"{parts[0]}/{parts[2]}"
        return candidate if TIKTOK_ID.fullmatch(candidate) else None
    return None


SOUNDCLOUD_ID = re.compile(r"[a-z0-9_-]{1,80}/(?:sets/)?[a-z0-9_-]{1,120}", re.ASCII)
SOUNDCLOUD_RESERVED = {"discover", "search", "stream", "upload", "you", "pages", "charts", "settings"}


def _soundcloud(host, path, query):
    parts = _segments(path)
    if len(parts) == 2 or (len(parts) == 3 and parts[1] == "sets"):
        candidate = "/".join(parts).lower()
        if parts[0].lower() not in SOUNDCLOUD_RESERVED and SOUNDCLOUD_ID.fullmatch(candidate):
            return candidate
    return None


# Google Maps ---------------------------------------------------------------------------------

# What to show: coordinates or a place's name, the same text the map's search box takes.
# Bidirectional controls are refused too: they could make one place read as another.
MAP_QUERY = re.compile(r"[^\x00-\x1f\x7f<>\"'`\\\u200e\u200f\u202a-\u202e\u2066-\u2069]{1,200}")
COORDINATES = re.compile(r"@(-?\d{1,3}\.\d+),(-?\d{1,3}\.\d+)", re.ASCII)


def _google_maps(host, path, query):
    parts = _segments(path)
    if host in ("maps.google.com",) and not parts:
        parts = ["maps"]
    if parts[:1] != ["maps"]:
        return None
    if parts[1:2] in (["place"], ["search"]) and len(parts) >= 3:
        candidate = parts[2].replace("+", " ")
    elif len(parts) >= 2 and (found := COORDINATES.match(parts[1])):
        candidate = f"{found[1]},{found[2]}"
    else:
        candidate = (query.get("q") or query.get("query") or [""])[0]
    candidate = " ".join(candidate.split())
    return candidate if MAP_QUERY.fullmatch(candidate) else None


def _maps_canonical(embed_id):
    return f"https://www.google.com/maps/search/?api=1&query={quote(embed_id, safe=',')}"


def _maps_frame(embed_id):
    return f"https://www.google.com/maps?q={quote(embed_id, safe=',')}&output=embed"


PROVIDERS = {
    provider.name: provider
    for provider in (
        Provider(
            "youtube", "YouTube", "video",
            frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be",
                       "www.youtube-nocookie.com", "youtube-nocookie.com"}),
            YOUTUBE_ID, _youtube,
            lambda embed_id: f"https://www.youtube.com/watch?v={embed_id}",
            lambda embed_id: f"https://www.youtube-nocookie.com/embed/{embed_id}?autoplay=1",
            "https://www.youtube-nocookie.com",
        ),
        Provider(
            "vimeo", "Vimeo", "video",
            frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"}),
            VIMEO_ID, _vimeo,
            lambda embed_id: f"https://vimeo.com/{embed_id}",
            lambda embed_id: f"https://player.vimeo.com/video/{embed_id}?dnt=1&autoplay=1",
            "https://player.vimeo.com",
        ),
        Provider(
            "dailymotion", "Dailymotion", "video",
            frozenset({"dailymotion.com", "www.dailymotion.com", "dai.ly", "geo.dailymotion.com"}),
            DAILYMOTION_ID, _dailymotion,
            lambda embed_id: f"https://www.dailymotion.com/video/{embed_id}",
            lambda embed_id: f"https://geo.dailymotion.com/player.html?video={embed_id}",
            "https://geo.dailymotion.com",
        ),
        Provider(
            "x", "X", "post",
            frozenset({"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com", "mobile.x.com"}),
            X_ID, _x,
            lambda embed_id: "https://x.com/{}/status/{}".format(*embed_id.split("/")),
            _x_frame,
            "https://platform.twitter.com",
        ),
        Provider(
            "facebook", "Facebook", "post",
            frozenset({"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}),
            FACEBOOK_ID, _facebook, _facebook_canonical, _facebook_frame,
            "https://www.facebook.com",
        ),
        Provider(
            "instagram", "Instagram", "post",
            frozenset({"instagram.com", "www.instagram.com"}),
            INSTAGRAM_ID, _instagram,
            lambda embed_id: f"https://www.instagram.com/{embed_id}/",
            lambda embed_id: f"https://www.instagram.com/{embed_id}/embed/",
            "https://www.instagram.com",
        ),
        Provider(
            "tiktok", "TikTok", "post",
            frozenset({"tiktok.com", "www.tiktok.com", "m.tiktok.com"}),
            TIKTOK_ID, _tiktok,
            lambda embed_id: "https://www.tiktok.com/{}/video/{}".format(*embed_id.split("/")),
            lambda embed_id: "https://www.tiktok.com/embed/v2/{}".format(embed_id.split("/")[1]),
            "https://www.tiktok.com",
        ),
        Provider(
            "soundcloud", "SoundCloud", "audio",
            frozenset({"soundcloud.com", "www.soundcloud.com", "m.soundcloud.com"}),
            SOUNDCLOUD_ID, _soundcloud,
            lambda embed_id: f"https://soundcloud.com/{embed_id}",
            lambda embed_id: "https://w.soundcloud.com/player/?url="
            + quote(f"https://soundcloud.com/{embed_id}", safe=""),
            "https://w.soundcloud.com",
        ),
        Provider(
            "googlemaps", "Google Maps", "map",
            frozenset({"google.com", "www.google.com", "maps.google.com", "google.dz", "www.google.dz"}),
            MAP_QUERY, _google_maps, _maps_canonical, _maps_frame,
            "https://www.google.com",
        ),
    )
}
_BY_HOST = {host: provider for provider in PROVIDERS.values() for host in provider.hosts}


def match(url):
    """The embed an address points to, or None (the address then stays a plain link)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH or any(ord(char) < 0x21 for char in url):
        return None
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or parts.username or parts.password:
        return None
    if port not in (None, 80, 443):
        return None
    # One trailing dot is the same host written in full; more is no host at all.
    host = (parts.hostname or "").removesuffix(".")
    provider = _BY_HOST.get(host)
    if provider is None:
        return None
    embed_id = provider.parse(host, parts.path, parse_qs(parts.query))
    if not embed_id or len(embed_id) > MAX_ID_LENGTH or not provider.id_pattern.fullmatch(embed_id):
        return None
    return Embed(provider, embed_id)


def stored(provider_name, embed_id):
    """The embed a body stores as (provider, id), or None when either is not one we know."""
    provider = PROVIDERS.get(provider_name)
    if provider is None or not isinstance(embed_id, str) or len(embed_id) > MAX_ID_LENGTH:
        return None
    if not provider.id_pattern.fullmatch(embed_id):
        return None
    return Embed(provider, embed_id)


def frame_origins(embeds):
    """The hosts a page holding ``embeds`` may frame (for its content security policy), sorted."""
    return sorted({embed.frame_origin for embed in embeds})
