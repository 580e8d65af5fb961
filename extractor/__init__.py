"""newsfig: extract, normalize and cross-check the figures reported in Chinese news articles.

The stable API: :func:`extract` (one article), :func:`extract_many` (a stream, on all cores),
:func:`to_frames` (articles -> pandas tables) and :func:`extract_frame` (pandas in, pandas out);
``extractor.dask.extract_dataframe`` maps the latter over a Dask DataFrame.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import extract, extract_frame, extract_many, to_frames

__all__ = ["__version__", "extract", "extract_frame", "extract_many", "to_frames"]
