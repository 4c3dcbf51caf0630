"""Portal:Current events days: one day-precise item per bullet; ids that survive a re-snapshot."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import escape

from ticker.ingest import parse_feed_bytes
from ticker.ingest.current_events import read_day
from ticker.models import Precision

NOW = datetime(2031, 3, 9, 18, 45, tzinfo=UTC)
GUID = "https://en.wikipedia.org/wiki/Portal:Current_events/2031_March_4"


def day_html(bullets: str, iso: str = "2031-03-04") -> str:
    return (
        '<div class="current-events"><div class="current-events-main vevent" id="2031_March_4">'
        '<div class="current-events-title"><span class="summary">March 4, 2031'
        f'<span style="display: none;"> (<span class="bday dtstart published">{iso}</span>)</span>'
        "</span></div>"
        '<style>.x{color:red}</style><div class="current-events-content description">'
        f"{bullets}</div></div></div>"
    )


BULLETS = (
    "<p><b>Disasters and accidents</b></p>"
    '<ul><li><a href="https://w/Flood" title="Northland floods">Northland floods</a>'
    '<ul><li>Floods in <a href="https://w/Ketter" title="Ketter (town)">Ketter</a> displace 400 people. '
    '<a class="external text" href="https://Example.COM:443/a?utm_source=x&amp;id=7#top">(Wire One)</a></li>'
    "</ul></li></ul>"
    "<p><b>Sports</b></p>"
    '<ul><li>The Ostland team wins the regional cup, <a class="external text" href="https://s/r">a report</a> '
    'says. <a class="external text" href="https://paper.example/cup">(<i>The Paper</i>)</a></li></ul>'
)


def feed(entries: list[tuple[str, str, str]]) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><pubDate>{pub}</pubDate>"
        f"<description>{escape(html)}</description></item>"
        for title, guid, pub, html in ((t, g, p, day_html(b)) for t, g, p, b in entries)
    )
    return f'<rss version="2.0"><channel><title>Current events</title>{items}</channel></rss>'.encode()


def test_a_day_page_is_read_as_bullets_with_section_story_links_and_sources() -> None:
    bullets = read_day(day_html(BULLETS))
    assert [b.section for b in bullets] == ["Disasters and accidents", "Sports"]
    first, second = bullets
    assert first.day == date(2031, 3, 4)
    assert first.story_path == ("Northland floods",)
    assert first.text == "Floods in Ketter displace 400 people."
    assert [link.title for link in first.links] == ["Ketter (town)"]
    assert [s.name for s in first.sources] == ["Wire One"]
    # a link inside the sentence is text; only the parenthesised citation is dropped
    assert second.text == "The Ostland team wins the regional cup, a report says."
    assert [s.name for s in second.sources] == ["a report", "The Paper"]


def test_each_bullet_is_an_item_at_the_portal_day_not_the_scrapers_run_time() -> None:
    data = feed([("Current Events - March 4, 2031", GUID, "Sun, 09 Mar 2031 17:02:11 -0000", BULLETS)])
    result = parse_feed_bytes(data, source="snap.rss", story="world", now=NOW)
    assert result.ok, result.errors
    assert len(result.items) == 2
    for item in result.items:
        assert item.precision is Precision.DAY
        assert item.published_at == datetime(2031, 3, 4, tzinfo=UTC)
        assert item.event_date == date(2031, 3, 4)
    assert {i.position for i in result.items} == {"entry 1 bullet 1", "entry 1 bullet 2"}
    # a bullet under a story is headed by it; one outside any story by its first sentence
    assert [i.title for i in result.items] == [
        "Northland floods",
        "The Ostland team wins the regional cup, a report says.",
    ]
    assert "(Wire One)" not in " ".join(i.text for i in result.items)


def test_a_re_snapshot_keeps_ids_and_an_edited_bullet_is_a_new_revision() -> None:
    old = feed([("Current Events - March 4, 2031", GUID, "Sun, 09 Mar 2031 17:02:11 -0000", BULLETS)])
    edited = BULLETS.replace("displace 400 people", "displace 1,200 people")
    new = feed([("Current Events - March 4, 2031", GUID, "Mon, 10 Mar 2031 08:00:00 -0000", edited)])
    before = {i.id: i for i in parse_feed_bytes(old, source="a/one.rss", story="world", now=NOW).items}
    after = {i.id: i for i in parse_feed_bytes(new, source="b/two.rss", story="world", now=NOW).items}
    assert before.keys() == after.keys()
    changed = [k for k in before if before[k].revision != after[k].revision]
    assert len(changed) == 1
    assert "1,200" in after[changed[0]].text
