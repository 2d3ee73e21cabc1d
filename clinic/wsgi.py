import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
application = get_wsgi_application()

# Load WeasyPrint and its fonts when the web server starts, not on the first print.
from reports.pdf import warm_up  # noqa: E402

warm_up()

# Move everything loaded so far out of the garbage collector's view: full collections of the
# ~95 000 start-up objects caused 50-100 ms pauses at the p99 (see BENCHMARKS.md).
gc.collect()
gc.freeze()
