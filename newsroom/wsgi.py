import os

from django.core.wsgi import get_wsgi_application

from newsroom.pagecache import PageCacheApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Cached pages are answered here, before Django builds a request.
application = PageCacheApp(get_wsgi_application())
