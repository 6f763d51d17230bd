"""The commented starter config that ``digest init`` writes."""

STARTER_CONFIG = """\
# digest.toml: the one config file for digest.
# Relative paths are relative to this file. Secrets never go here: they come
# from the environment (DIGEST_SECRET_KEY, SENDGRID_API_KEY, SMTP_PASSWORD).
# DIGEST_DATABASE_URL, if set, overrides database_url below.

# The newsletter's name, shown in the email header and subject.
name = "The Riverside Weekly"

# Editions run per ISO week in this timezone (an IANA name).
timezone = "Europe/London"

# Where stories, editions and subscribers live. Default: digest.db next to
# this file. For PostgreSQL: "postgresql+psycopg://user@host/digest".
# database_url = "sqlite:///digest.db"

# Sources: one [[sources]] block each. Give either url (http/https) or path
# (a file or a folder). kind is detected from the content when left out:
# feed (RSS, Atom, JSON Feed), page (article HTML), text (a page saved as
# plain text), markdown (front matter + body) or folder.
# weight (default 1.0) makes a source count more or less in ranking; tags
# are added to every story from it.

[[sources]]
name = "Riverside Gazette"
path = "samples/feeds/riverside-gazette.xml"
weight = 1.2

[[sources]]
name = "Valley Voice"
path = "samples/feeds/valley-voice.atom"

[[sources]]
name = "Riverside Radio"
path = "samples/feeds/riverside-radio.json"

[[sources]]
name = "Saved pages"
path = "samples/pages"
kind = "folder"

[[sources]]
name = "Newsroom notes"
path = "samples/markdown"
kind = "folder"

[[sources]]
name = "Clippings"
path = "samples/saved"
kind = "folder"
weight = 0.8

# A feed on the web looks like this:
# [[sources]]
# name = "City Hall"
# url = "https://example.org/news/feed.xml"

[fetch]
# connect_timeout = 10      # seconds to open a connection
# read_timeout = 20         # seconds between bytes
# total_timeout = 60        # seconds for a whole response
# max_bytes = 5000000       # larger responses are refused, not read
# max_redirects = 5
# concurrency = 8           # sources fetched at once
# user_agent = "digest/0.1 (+https://example.org/newsletter)

[rank]
# How the week's stories become an edition (see README, "Editions").
# max_items = 12            # stories in the edition
# per_publisher = 4         # at most this many from one site (the story URL's host)
# min_items = 3             # fewer new stories than this: the edition is skipped
# diversity = 0.7           # 1.0 ranks on score alone; lower mixes topics more
# default_section = "More news"   # for stories no section below matches
# cutoff = "sunday 18:00"   # the week closes then; later stories wait for next week

# Score weights; each part is in [0, 1] except boost (the editor's).
# [rank.weights]
# recency = 1.0
# source = 1.0
# coverage = 1.5
# substance = 1.0
# boost = 1.0

# Sections, in the order they appear in the email. A story goes to the first
# one whose rules match: tags (tags and feed categories), sources (source
# names) or keywords (whole words in the title or lede), case-insensitive.
[[rank.sections]]
name = "Council and politics"
tags = ["Council", "Politics"]
keywords = ["council tax", "councillors"]

[[rank.sections]]
name = "Environment"
tags = ["Environment", "Weather", "Wildlife"]
keywords = ["flood", "river levels"]

[[rank.sections]]
name = "Getting around"
tags = ["Transport", "Traffic"]
keywords = ["ferry", "bus", "cycle lane"]

[[rank.sections]]
name = "Community"
tags = ["Community", "Schools", "Education", "Health", "Libraries", "Cost of living", "Crime"]

[[rank.sections]]
name = "Business"
tags = ["Business", "Town Centre"]
keywords = ["market hall", "shops", "jobs"]

[[rank.sections]]
name = "Arts and what's on"
tags = ["Arts", "What's On", "Theatre", "Events"]

[[rank.sections]]
name = "Sport"
tags = ["Sport"]
"""
