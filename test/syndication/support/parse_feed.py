"""Parses a feed (RSS, Atom or JSON Feed) from stdin with Universal Feed Parser (Debian's
python3-feedparser) and prints what a news reader would see, as JSON."""
import json
import sys

import feedparser

data = sys.stdin.buffer.read()
parsed = feedparser.parse(data, response_headers={"content-type": sys.argv[1] if len(sys.argv) > 1 else ""})
print(
    json.dumps(
        {
            "bozo": bool(parsed.bozo),
            "bozo_exception": str(parsed.get("bozo_exception", "")),
            "version": parsed.version,
            "title": parsed.feed.get("title"),
            "link": parsed.feed.get("link"),
            "entries": [
                {
                    "title": e.get("title"),
                    "link": e.get("link"),
                    "id": e.get("id"),
                    "summary": e.get("summary"),
                    "updated": e.get("updated"),
                    "published": e.get("published"),
                    "tags": [t.get("term") for t in e.get("tags", [])],
                }
                for e in parsed.entries
            ],
        }
    )
)
