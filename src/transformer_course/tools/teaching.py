"""Instructor tools: the nbgitpuller link for a JupyterHub workshop (slides: ``slides.py``)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from ..course_map import BRANCH, REPOSITORY
from ..errors import fail


def nbgitpuller_link(hub_url: str, folder: str = "notebooks", app: str = "lab",
                     repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """A JupyterHub link that clones (or updates) the course for each learner and opens it.

    nbgitpuller merges updates without overwriting a learner's changed files.
    """
    if not hub_url.startswith(("http://", "https://")):
        raise fail("hub URL", "http:// ya https:// se shuru hone wala address",
                   repr(hub_url), "jaise https://hub.example.org")
    clone_dir = repository.split("/")[-1]
    query = urlencode({"repo": f"https://github.com/{repository}", "branch": branch,
                       "urlpath": f"{app}/tree/{clone_dir}/{folder}/00_shuru_karein.ipynb"},
                      quote_via=quote, safe="")
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"
