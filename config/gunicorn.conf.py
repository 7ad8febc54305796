"""Gunicorn's settings (`make serve`, config/serve.py): the address and the number of workers
from the environment, the access log on standard output without client addresses or tokens
(config/gunicorn_logging.py)."""

import os

bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"]
workers = int(os.environ.get("GUNICORN_WORKERS", "").strip() or 3)
# A request still running this long after SIGTERM is cut; serve.py waits a little longer.
graceful_timeout = 10
# Gunicorn's control socket (`gunicornc`) is off: one fixed path in $HOME would be shared
# by every gunicorn of the user.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
logger_class = "config.gunicorn_logging.RedactingLogger"
# Time, request line (redacted path, no query string), status, bytes sent, milliseconds.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
