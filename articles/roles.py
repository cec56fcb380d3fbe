"""The newsroom's three roles as permission groups, kept in sync by data migrations.

A change to a role is a change here plus a migration that calls ``sync_roles``. A
permission of an app that is not migrated yet is skipped: that app's own migration
calls ``sync_roles`` again (popularity does).
"""

ARTICLE_BASICS = ["articles.add_article", "articles.change_article", "articles.view_article"]
TAG_BASICS = ["taggit.add_tag", "taggit.view_tag"]
TAXONOMY_VIEW = ["taxonomy.view_section", "taxonomy.view_author"]
# Everyone who writes stories adds photos to the library and picks from it.
PHOTO_BASICS = ["photos.add_photo", "photos.change_photo", "photos.view_photo"]

ROLES = {
    # Creates and edits own drafts, submits them for review.
    "Reporter": ARTICLE_BASICS + TAG_BASICS + TAXONOMY_VIEW + PHOTO_BASICS + ["articles.view_statuschange"],
    # Edits any story, publishes, schedules, unpublishes, curates the front page.
    "Editor": ARTICLE_BASICS
    + TAG_BASICS
    + TAXONOMY_VIEW
    + PHOTO_BASICS
    + [
        "photos.delete_photo",
        "articles.delete_article",
        "articles.publish_article",
        "articles.edit_others_articles",
        "articles.curate_front_page",
        "articles.view_statuschange",
        "taggit.change_tag",
        "taggit.delete_tag",
        "taxonomy.add_author",
        "taxonomy.change_author",
        "popularity.view_hourlyviews",
    ],
}
ROLES["Chief editor"] = ROLES["Editor"] + [
    f"{app}.{action}_{model}"
    for app, model in [("taxonomy", "section"), ("taxonomy", "author"), ("auth", "user"), ("auth", "group")]
    for action in ("add", "change", "delete", "view")
]


def sync_roles(apps, schema_editor=None):
    """Create the groups and give each exactly its role's permissions."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    # Migration states have no models modules, and create_permissions skips such apps.
    for app_config in apps.get_app_configs():
        stateless = getattr(app_config, "models_module", None) is None
        if stateless:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        if stateless:
            app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in sorted(set(codenames)):
            app_label, codename = dotted.split(".")
            permissions.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
