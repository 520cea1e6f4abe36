"""Settings for the embedded and services modes; production adds its checks on top."""

from .base import *  # noqa: F401,F403
