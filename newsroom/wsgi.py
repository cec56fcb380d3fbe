import os

from django.core.wsgi import get_wsgi_application

from newsroom.pagecache import PageCacheApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()

# Imported once Django is set up: it reaches the models.
from popularity.beacon import BeaconApp  # noqa: E402

# Readers' view beacons and cached pages are answered here, before Django builds a request.
application = BeaconApp(PageCacheApp(django_application))
