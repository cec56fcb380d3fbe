"""Worker processes for the concurrency tests. No Django import at module level:
a spawned process imports this module before it has set Django up."""


def count_views(article_id, settings_overrides, views):
    import django
    from django.conf import settings

    django.setup()
    from django.db import connections

    connections["default"].settings_dict.update(settings_overrides["DATABASE"])
    settings.NEWSROOM = settings_overrides["NEWSROOM"]
    from popularity import counter

    for _ in range(views):
        counter.record_view(article_id)
    connections.close_all()
