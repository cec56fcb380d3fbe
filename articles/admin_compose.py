"""The compose screen's helpers for the body editor: JSON endpoints and the editor's words.

Mixed into ``ArticleAdmin`` (articles/admin.py); the editor's scripts live in
static/admin-extra/compose/.
"""


class ComposeEndpointsMixin:
    def compose_urls(self):
        """URL patterns added in front of the admin's own (see ``ArticleAdmin.get_urls``)."""
        return []

    def compose_strings(self):
        """The editor's interface text in the admin's language, for the page's JSON (json_script)."""
        return {}
