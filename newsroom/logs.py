"""How the site's logs are written (loaded by ``LOGGING`` before the apps, so it imports none)."""

import logging


class SecurityEventFilter(logging.Filter):
    """Django logs each refused suspicious request (a forged Host header, a path out of the
    media folder) as an ERROR with a traceback. A public site gets thousands a day: they are
    written as one WARNING line naming the kind of request, so a real error stands out."""

    def filter(self, record):
        kind = record.name.rpartition(".")[2]
        record.msg, record.args = f"Refused a suspicious request ({kind}): %s", (record.getMessage(),)
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True
