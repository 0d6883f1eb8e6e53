"""Production settings: development settings plus the public address."""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("LANDHUB_SITEURL", "https://landhub.dk")
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# Drafts (`Status: draft`) are shown by the development build only: here they are not written
# at all, and nothing lists them (stories.html lists drafts only while DRAFT_SAVE_AS is set).
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
