import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from config import thu_gom_rac  # noqa: E402  (after the application is loaded, which it freezes)

thu_gom_rac.chinh()
