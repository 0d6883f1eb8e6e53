"""Production settings: development settings plus the public address."""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("LANDHUB_SITEURL", "https://landhub.dk")
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
