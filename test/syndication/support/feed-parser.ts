/**
 * Real feed parsers on a feed body, behind one shape. RSS and Atom: Universal Feed Parser
 * (Debian's python3-feedparser), the parser many news readers are built on, which flags
 * malformed XML as "bozo". JSON Feed (which Debian's feedparser predates): npm `feedsmith`,
 * which detects the format and refuses what is not a JSON Feed. A missing parser fails the test.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseFeed as feedsmith } from 'feedsmith';

export interface ParsedFeed {
  bozo: boolean;
  bozo_exception: string;
  /** rss20, atom10 or json1 */
  version: string;
  title: string | null;
  entries: { title: string; link: string; id: string; summary: string; tags: string[] }[];
}

const SCRIPT = fileURLToPath(new URL('./parse_feed.py', import.meta.url));

export function parseFeed(body: string, contentType: string): ParsedFeed {
  if (!contentType.includes('json')) {
    return JSON.parse(execFileSync('/usr/bin/python3', [SCRIPT, contentType], { input: body, encoding: 'utf8' })) as ParsedFeed;
  }
  const parsed = feedsmith(body);
  if (parsed.format !== 'json') return { bozo: true, bozo_exception: `detected ${parsed.format}`, version: '', title: null, entries: [] };
  const feed = parsed.feed;
  return {
    bozo: false,
    bozo_exception: '',
    version: 'json1',
    title: feed.title ?? null,
    entries: (feed.items ?? []).map((item) => ({
      title: item.title ?? '',
      link: item.url ?? '',
      id: item.id ?? '',
      summary: item.content_html ?? item.summary ?? '',
      tags: item.tags ?? [],
    })),
  };
}
