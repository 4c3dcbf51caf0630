"""The feeds file and the polling settings: a good file loads, a bad one is one line naming where."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.processes import ROOT
from ticker.config import Settings
from ticker.errors import ConfigError
from ticker.feedconfig import FeedConfig, load_feeds

GOOD = """\
# two feeds
[[feed]]
url = "https://example.org/rss"
story = "kazakhstan-2022"
outlet = "Example News"
timezone = "Asia/Almaty"

[[feed]]
url = "http://intranet.example/atom.xml"
story = "kazakhstan-2022"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads_with_defaults(tmp_path: Path) -> None:
    assert load_feeds(write(tmp_path, GOOD)) == (
        FeedConfig("https://example.org/rss", "kazakhstan-2022", "Example News", "Asia/Almaty"),
        FeedConfig("http://intranet.example/atom.xml", "kazakhstan-2022", None, "UTC"),
    )


def test_the_example_file_loads() -> None:
    assert len(load_feeds(ROOT / "feeds.example.toml")) >= 1


def test_a_feed_survives_the_task_argument_round_trip() -> None:
    feed = FeedConfig("https://example.org/rss", "s", None, "Europe/Berlin")
    assert FeedConfig.from_dict(feed.to_dict()) == feed
    with pytest.raises(ConfigError, match=r"^feed story: invalid story name"):
        FeedConfig.from_dict({"url": "https://example.org/rss", "story": "A B"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[feed]]\nurl = "https://x.org/"\nstory = \n', r":3:9: Invalid value$"),
        ('[[feed]]\nurl = "https://x.org/"\n', r":1: \[\[feed\]\] #1: story: missing$"),
        (GOOD + '\n[[feed]]\nurl = "file:///etc/passwd"\nstory = "s"\n',
         r":12: \[\[feed\]\] #3: url: 'file:///etc/passwd' is not an http\(s\) URL$"),
        (GOOD.replace('story = "kazakhstan-2022"\n', 'story = "Kazakhstan 2022"\n', 1),
         r":2: \[\[feed\]\] #1: story: invalid story name 'Kazakhstan 2022'"),
        (GOOD.replace("Asia/Almaty", "Asia/Nowhere"), r":2: \[\[feed\]\] #1: timezone: unknown time zone 'Asia/Nowhere'$"),
        (GOOD.replace("timezone", "timezome"), r":2: \[\[feed\]\] #1: timezome: unknown key \(known: url, story, outlet, timezone\)$"),
        (GOOD.replace('outlet = "Example News"', "outlet = 7"), r":2: \[\[feed\]\] #1: outlet: must be a string, not int$"),
        (GOOD.replace('outlet = "Example News"', 'outlet = " "'), r":2: \[\[feed\]\] #1: outlet: empty"),
        (GOOD + '[[feed]]\nurl = "https://example.org/rss"\nstory = "other"\n',
         r":11: \[\[feed\]\] #3: url: same as \[\[feed\]\] #1$"),
        ('url = "https://x.org/"\n', r": unknown top-level key 'url' \(feeds go in \[\[feed\]\] tables\)$"),
        ("# nothing yet\n", r": no \[\[feed\]\] tables$"),
        ('[feed]\nurl = "https://x.org/"\n', r": no \[\[feed\]\] tables$"),
        ('feed = [{url = "https://x.org/"}]\n', r"feeds.toml: \[\[feed\]\] #1: story: missing$"),
    ],
)  # fmt: skip
def test_a_bad_file_is_one_line_naming_file_position_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_feeds(path)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)
    assert caught.value.exit_code == 78


def test_an_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing.toml: cannot read the feeds file: No such file"):
        load_feeds(tmp_path / "missing.toml")
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(b'[[feed]]\nurl = "https://x.org/"\nstory = "caf\xe9"\n')
    with pytest.raises(ConfigError, match=r"latin1.toml: not UTF-8 text \(byte 44\)"):
        load_feeds(latin1)


def test_polling_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings.from_env().feeds_file is None
    monkeypatch.setenv("TICKER_FEEDS", "/etc/ticker/feeds.toml")
    monkeypatch.setenv("TICKER_POLL_EVERY", "2.5")
    monkeypatch.setenv("TICKER_FETCH_ALLOW_HOSTS", " 127.0.0.1, intranet.example ,,")
    settings = Settings.from_env()
    assert settings.feeds_file == "/etc/ticker/feeds.toml" and settings.poll_every == 2.5
    assert settings.fetch_allow_hosts == ("127.0.0.1", "intranet.example")


@pytest.mark.parametrize(
    ("every", "reason"),
    [
        ("0", r"poll_every \(0s\) must be at least 1 second"),
        ("0.5", r"poll_every \(0.5s\) must be at least 1 second"),
        ("-1", r"poll_every \(-1s\) must be at least 1 second"),
        ("nan", r"TICKER_POLL_EVERY='nan' is not a finite number"),
    ],
)
def test_a_poll_interval_below_one_second_is_refused(
    monkeypatch: pytest.MonkeyPatch, every: str, reason: str
) -> None:
    monkeypatch.setenv("TICKER_POLL_EVERY", every)
    with pytest.raises(ConfigError, match=reason):
        Settings.from_env()
