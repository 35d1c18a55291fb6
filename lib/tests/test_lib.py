import datetime as dt

from lib.charts import Bar, horizontal_bars
from lib.hashchain import GENESIS, Link, link_hash, verify
from lib.quarters import quarter_start


def _chain(payloads: list[dict]) -> list[Link]:
    links, prev = [], GENESIS
    for number, payload in enumerate(payloads, start=1):
        digest = link_hash(prev, payload)
        links.append(Link(number, prev, digest, payload))
        prev = digest
    return links


def test_an_untouched_chain_verifies() -> None:
    verdict = verify(_chain([{"verb": "a"}, {"verb": "b"}, {"verb": "c"}]))
    assert verdict.intact
    assert verdict.links_checked == 3


def test_an_altered_link_is_named() -> None:
    links = _chain([{"verb": "a"}, {"verb": "b"}, {"verb": "c"}])
    links[1] = Link(2, links[1].prev_hash, links[1].hash, {"verb": "changed"})
    verdict = verify(links)
    assert verdict.broken_at == 2
    assert "altered" in verdict.reason


def test_a_removed_link_breaks_the_next_one() -> None:
    links = _chain([{"verb": "a"}, {"verb": "b"}, {"verb": "c"}])
    verdict = verify([links[0], links[2]])
    assert verdict.broken_at == 3
    assert "does not follow event 1" in verdict.reason


def test_quarters_start_on_the_first_of_january_april_july_and_october() -> None:
    assert quarter_start(dt.date(2026, 11, 23)) == dt.date(2026, 10, 1)
    assert quarter_start(dt.date(2026, 4, 1)) == dt.date(2026, 4, 1)
    assert quarter_start(dt.date(2026, 3, 31)) == dt.date(2026, 1, 1)
    assert quarter_start(dt.date(2026, 6, 30)) == dt.date(2026, 4, 1)


def test_a_bar_chart_describes_its_data_in_words_and_escapes_labels() -> None:
    svg = horizontal_bars(
        [Bar("Red <b>", 3, "#ca3535"), Bar("Green", 0, "#0f7a52")], title="RAG", chart_id="c"
    )
    assert 'role="img"' in svg
    assert '<desc id="c-desc">Red &lt;b&gt;: 3, Green: 0</desc>' in svg
    assert "<b>" not in svg
    assert svg.count("<rect") == 1
