"""newsfig: extract, normalize and cross-check the figures reported in Chinese news articles."""

from __future__ import annotations

__version__ = "0.1.0"
