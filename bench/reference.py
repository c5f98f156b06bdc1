#!/usr/bin/env python3
"""The bench's second reference: the script a user might write instead of installing postdump.

Python 3, standard library only. It walks the given folders (and takes files as they are), reads each
*.txt dump, and for each post takes the flat copy (one long line) with a regular expression, then the line
copy that follows it (header, Created, body paragraphs, engagements, topics, /post/ id), and prints one
JSON object a line with the fields postdump gives: id, post_type, network, post_link, creator_name,
creator_display_name, creator_followers, created_at, body, engagements, topics, guest_mode, source_file.

It is honest but not hardened: compiled regular expressions, buffered output, each file read once; it
does not handle a dump with only one of the two copies, other encodings, or the many corner cases postdump
deals with (see the fixtures). On the bench's corpus it gives the same number of records as postdump.

    python3 bench/reference.py DIR_OR_FILE... > posts.ndjson
"""
import json
import os
import re
import sys

BANNER = '[GUEST ACCESS MODE'

# The flat copy: [banner]  Display Name [@handle](/creator/path/handle) on NETWORK N followers
#                Created: YYYY-MM-DD HH:MM:SS UTC body...  N engagements  **Related Topics** [t](/topic/t) [Post Link](URL)
FLAT = re.compile(
    r'^(?:\[GUEST ACCESS MODE[^\]]*\]\s+)?'
    r'(?P<display>.*?) \[@(?P<handle>[^\]\s]+)\]\(/creator/[^)\s]*\) on (?P<network>\S+) (?P<followers>\S+) followers '
    r'Created: (?P<date>\d{4}-\d\d-\d\d) (?P<time>\d\d:\d\d:\d\d) UTC '
)
POST_LINK = re.compile(r'\[Post Link\]\((?P<link>[^)\s]*)\)\s*$')
TOPIC = re.compile(r'\[(?P<name>[^\]]+)\]\(/topic/[^)\s]*\)')
TOPICS_AT = '**Related Topics**'

# The line copy.
HEADER = re.compile(r'^.* @\S+ on \S+ \S+ followers$')
CREATED = re.compile(r'^Created: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$')
ENGAGEMENTS = re.compile(r'^(?P<count>\S+) engagements$')
POST_ID = re.compile(r'^/post/(?P<id>(?P<type>[^:\s]+)::\S+)$')

# Counts as the site shows them: 987, 12,345, 56.7K, 2.6M, 1.05B; XXXX or [----] when hidden.
COUNT = re.compile(r'^(?P<number>\d[\d,]*(?:\.\d+)?)(?P<unit>[KMB]?)$')
MASK = re.compile(r'^(?:X+|\[-+\])$')
UNITS = {'': 1, 'K': 1_000, 'M': 1_000_000, 'B': 1_000_000_000}


def count(text):
    """A shown count as a number, or None when it is masked or unreadable."""
    if MASK.match(text):
        return None
    m = COUNT.match(text)
    if not m:
        return None
    number, unit = m.group('number').replace(',', ''), m.group('unit')
    if unit and '.' in number:
        whole, frac = number.split('.')
        # Exact integer arithmetic: float 1.05 * 1e9 is not 1050000000.
        scale = UNITS[unit]
        return int(whole) * scale + int(frac) * scale // 10 ** len(frac)
    return int(number) * UNITS[unit]


def posts(text, source):
    """The records in one dump's text."""
    lines = text.split('\n')
    i, n = 0, len(lines)
    while i < n:
        line = lines[i].rstrip('\r')
        i += 1
        flat = FLAT.match(line)
        if not flat:
            continue
        link = POST_LINK.search(line)
        topics_at = line.find(TOPICS_AT)
        topics = [t.group('name') for t in TOPIC.finditer(line, topics_at)] if topics_at >= 0 else []
        # The line copy: skip the banner, header and Created lines, then the body runs to the engagements line.
        while i < n and (lines[i].startswith(BANNER) or HEADER.match(lines[i].rstrip('\r')) or CREATED.match(lines[i].rstrip('\r'))):
            i += 1
        body, engagements, post_id = [], None, None
        while i < n:
            current = lines[i].rstrip('\r')
            i += 1
            m = ENGAGEMENTS.match(current)
            if m:
                engagements = count(m.group('count'))
                break
            body.append(current)
        while i < n:
            current = lines[i].rstrip('\r')
            i += 1
            post_id = POST_ID.match(current)
            if post_id or not current.startswith('Related Topics'):
                break
        yield {
            'id': post_id.group('id') if post_id else None,
            'post_type': post_id.group('type') if post_id else None,
            'network': flat.group('network'),
            'post_link': link.group('link') if link else None,
            'creator_name': flat.group('handle'),
            'creator_display_name': flat.group('display'),
            'creator_followers': count(flat.group('followers')),
            'created_at': f"{flat.group('date')}T{flat.group('time')}Z",
            'body': '\n'.join(body),
            'engagements': engagements,
            'topics': topics,
            'guest_mode': line.startswith(BANNER),
            'source_file': source,
        }


def dumps(paths):
    """Every *.txt file under the given folders, in name order; files as given."""
    for p in paths:
        if os.path.isdir(p):
            found = []
            for folder, dirs, files in os.walk(p):
                dirs.sort()
                found.extend(os.path.join(folder, f) for f in files if f.endswith('.txt'))
            yield from sorted(found)
        else:
            yield p


def main(argv):
    if not argv:
        sys.stderr.write('usage: python3 bench/reference.py DIR_OR_FILE...\n')
        return 2
    out = open(sys.stdout.fileno(), 'w', encoding='utf-8', buffering=1 << 20, closefd=False)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(',', ':')).encode
    records = 0
    for path in dumps(argv):
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
        for record in posts(text, path):
            out.write(encode(record))
            out.write('\n')
            records += 1
    out.flush()
    sys.stderr.write(f'{records} records\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
