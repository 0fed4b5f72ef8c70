"""Supervision."""

from flask import Flask

from supervision import models  # noqa: F401


def init_app(app: Flask) -> None:
    pass
