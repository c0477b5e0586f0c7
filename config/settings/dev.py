"""Local development and the demo (``make demo``): SQLite under var/, console email, debug on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", True)
