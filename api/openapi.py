"""The OpenAPI 3.1 description of ``/api/v1/``, served at ``/api/v1/openapi.json``.

Written by hand; the tests check every response of the API against these schemas, so the
description cannot drift from what the views return.
"""

from django.conf import settings
from django.urls import reverse

from popularity.counter import WINDOWS

from .params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def query(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def error(description):
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def ok(description, schema, cached=True):
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if cached:
        response["headers"] = {
            "ETag": {"description": "Changes whenever the body changes.", "schema": {"type": "string"}},
            "Last-Modified": {
                "description": "When the newest story in the response last changed (absent when it has none).",
                "schema": {"type": "string"},
            },
        }
    return response


NOT_MODIFIED = {"description": "Not modified since the `If-None-Match` or `If-Modified-Since` the request sent."}
DATE_TIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}

LANG = query(
    "lang",
    "Language of the texts. A story not translated into it is given in Arabic (its `language` says so); "
    "in the article list, only stories translated into it are listed.",
    {"type": "string", "enum": [code for code, _name in settings.LANGUAGES], "default": settings.LANGUAGE_CODE},
)
PAGE = query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1})
PAGE_SIZE = query(
    "page_size",
    f"Items per page; larger values are served as {MAX_PAGE_SIZE}.",
    {"type": "integer", "minimum": 1, "default": DEFAULT_PAGE_SIZE},
)
SECTION = query("section", "Slug of a section; its sub-sections' stories are included.", {"type": "string"})


def page_of(item):
    return {
        "type": "object",
        "required": ["count", "next", "previous", "results"],
        "additionalProperties": False,
        "properties": {
            "count": {"type": "integer", "minimum": 0, "description": "Items on all pages."},
            "next": nullable(URL),
            "previous": nullable(URL),
            "results": {"type": "array", "items": ref(item)},
        },
    }


def article_schema(**extra):
    """A story's schema with the fields of ``extra`` ({name: schema}) added and required."""
    schema = {
        "type": "object",
        "required": [
            "id", "url", "language", "translations", "headline", "deck", "lead", "section", "tags", "authors",
            "byline", "published_at", "updated_at", "image",
        ],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "url": {**URL, "description": "The story's page on the site, in the requested language."},
            "language": {"type": "string", "description": "Language of the headline served: `lang`, or Arabic when untranslated."},
            "translations": {"type": "array", "items": {"type": "string"}, "description": "Languages the story is written in."},
            "headline": {"type": "string"},
            "deck": {"type": "string", "description": "The subtitle under the headline."},
            "lead": {"type": "string"},
            "section": nullable(ref("SectionReference")),
            "tags": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "name"],
                    "additionalProperties": False,
                    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
                },
            },
            "authors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "name", "url"],
                    "additionalProperties": False,
                    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "url": URL},
                },
            },
            "byline": {"type": "string", "description": "What to print as the author line."},
            "published_at": DATE_TIME,
            "updated_at": {**DATE_TIME, "description": "When readers last saw the story change."},
            "image": nullable(ref("Image")),
        },
    }
    schema["required"] += list(extra)
    schema["properties"].update(extra)
    return schema


SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "message": {"type": "string"},
                    "parameter": {"type": "string", "description": "The query parameter at fault."},
                },
            }
        },
    },
    "SectionReference": {
        "type": "object",
        "required": ["id", "slug", "name", "url"],
        "additionalProperties": False,
        "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"}, "url": URL},
    },
    "Image": {
        "type": "object",
        "required": ["url", "width", "height", "caption", "alt", "credit"],
        "additionalProperties": False,
        "properties": {
            "url": {**URL, "description": "A JPEG of the photo, at most 1200 pixels wide."},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "caption": {"type": "string"},
            "alt": {"type": "string", "description": "What the photo shows, for readers who cannot see it."},
            "credit": {"type": "string"},
        },
    },
    "ArticleSummary": article_schema(),
    "Article": article_schema(
        body={
            "type": "string",
            "description": (
                "The story's text as sanitised HTML. Photos from the library are <figure> elements with an <img> "
                "(absolute address, width, height, alt) and a <figcaption>; an embedded video, post or map is a "
                "link to it (<p><a href>); a card for another story is a link to it while that story is public; "
                "a pull quote is a <blockquote>. No frames and no scripts."
            ),
        }
    ),
    "MostReadArticle": article_schema(
        views={"type": "integer", "minimum": 0, "description": "Reader views in the window."}
    ),
    "Section": {
        "type": "object",
        "required": ["id", "slug", "name", "description", "parent", "url", "feeds", "children"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "parent": nullable({"type": "integer"}),
            "url": URL,
            "feeds": {
                "type": "object",
                "required": ["rss", "atom"],
                "additionalProperties": False,
                "properties": {"rss": URL, "atom": URL},
            },
            "children": {"type": "array", "items": ref("Section")},
        },
    },
    "Tag": {
        "type": "object",
        "required": ["slug", "name", "stories", "url"],
        "additionalProperties": False,
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "stories": {"type": "integer", "minimum": 1, "description": "Public stories with this tag."},
            "url": URL,
        },
    },
    "ArticlePage": page_of("ArticleSummary"),
    "TagPage": page_of("Tag"),
}


def document(request):
    base = request.build_absolute_uri(reverse("api:index")).rstrip("/")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.NEWSROOM['SITE_NAME']} content API",
            "version": "1.0.0",
            "description": (
                "Read-only JSON for apps and partners: public stories only. Responses carry ETag and "
                "Last-Modified and answer If-None-Match / If-Modified-Since with 304; any origin may read them. "
                "Errors are JSON: `{\"error\": {\"status\", \"message\", \"parameter\"}}`."
            ),
        },
        "servers": [{"url": base}],
        "paths": {
            "/articles/": {
                "get": {
                    "operationId": "listArticles",
                    "summary": "Public stories, newest first",
                    "parameters": [
                        SECTION,
                        query("tag", "Slug of a tag.", {"type": "string"}),
                        LANG,
                        query(
                            "from",
                            "Published at or after: an ISO 8601 date (the start of that day, site time) or date-time.",
                            {"type": "string"},
                        ),
                        query(
                            "to",
                            "Published at or before: an ISO 8601 date (the whole of that day, site time) or date-time.",
                            {"type": "string"},
                        ),
                        PAGE,
                        PAGE_SIZE,
                    ],
                    "responses": {
                        "200": ok("A page of stories.", ref("ArticlePage")),
                        "304": NOT_MODIFIED,
                        "400": error("A parameter is malformed (a date, a page, a language)."),
                        "404": error("No such section or tag, or the page is past the last one."),
                    },
                }
            },
            "/articles/{id}/": {
                "get": {
                    "operationId": "getArticle",
                    "summary": "One public story with its body",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                        LANG,
                    ],
                    "responses": {
                        "200": ok("The story.", ref("Article")),
                        "304": NOT_MODIFIED,
                        "400": error("A parameter is malformed."),
                        "404": error("No public story has this id (drafts and scheduled stories included)."),
                    },
                }
            },
            "/sections/": {
                "get": {
                    "operationId": "listSections",
                    "summary": "Every section, as a tree in menu order",
                    "parameters": [LANG],
                    "responses": {
                        "200": ok(
                            "The root sections, each with its children.",
                            {
                                "type": "object",
                                "required": ["results"],
                                "properties": {"results": {"type": "array", "items": ref("Section")}},
                            },
                        ),
                        "304": NOT_MODIFIED,
                        "400": error("A parameter is malformed."),
                    },
                }
            },
            "/tags/": {
                "get": {
                    "operationId": "listTags",
                    "summary": "Tags of public stories, most used first",
                    "parameters": [PAGE, PAGE_SIZE],
                    "responses": {
                        "200": ok("A page of tags.", ref("TagPage")),
                        "304": NOT_MODIFIED,
                        "400": error("A parameter is malformed."),
                        "404": error("The page is past the last one."),
                    },
                }
            },
            "/most-read/": {
                "get": {
                    "operationId": "mostRead",
                    "summary": "The most-read public stories over a window",
                    "parameters": [
                        query("window", "How far back views count.", {"type": "string", "enum": list(WINDOWS), "default": "day"}),
                        query(
                            "limit",
                            "How many stories; larger values are served as 50.",
                            {"type": "integer", "minimum": 1, "default": 10},
                        ),
                        SECTION,
                        LANG,
                    ],
                    "responses": {
                        "200": ok(
                            "Stories, most read first.",
                            {
                                "type": "object",
                                "required": ["window", "results"],
                                "properties": {
                                    "window": {"type": "string"},
                                    "results": {"type": "array", "items": ref("MostReadArticle")},
                                },
                            },
                        ),
                        "304": NOT_MODIFIED,
                        "400": error("A parameter is malformed."),
                        "404": error("No such section."),
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
