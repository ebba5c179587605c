from __future__ import annotations

from datetime import date

from crosswire.link.stories import MAX_SPAN_DAYS, NEARBY_REACH_DAYS, StoryArticle, StoryEvent, group_stories

_ARTICLES = {
    "blog": StoryArticle(id="blog", title="JUST IN: U.S. jet destroys Russian tank", seq=1),
    "repost": StoryArticle(id="repost", title="US-Led Coalition Warplanes Strike Syrian Regime Forces", seq=2),
    "idlib": StoryArticle(id="idlib", title=None, seq=3),
}


def _event(event_id: str, date: str | None, place: str | None, articles: tuple[str, ...], *,
           type: str = "Battles", actors: frozenset[str] = frozenset(), main: tuple[str, ...] | None = None) -> StoryEvent:
    return StoryEvent(id=event_id, type=type, date=date, place=place, actors=actors, article_ids=articles,
                      main_article_ids=articles if main is None else main)


def test_events_reported_together_within_weeks_are_one_story_titled_after_its_central_article() -> None:
    events = [
        _event("feb7", "2018-02-07", "Deir ez-Zor", ("blog", "repost")),
        _event("tank", "2018-W06", None, ("blog",)),
        _event("feb27", "2018-02-27", "Deir ez-Zor", ("repost",), type="Explosions/Remote violence"),
        _event("idlib", "2018-02-08", "Idlib", ("idlib",), type="Explosions/Remote violence"),
        _event("war", "2011-03-15", None, ("blog", "repost"), type="Protests", main=()),
    ]
    stories = group_stories(events, _ARTICLES)
    assert len(stories) == 3
    war = next(s for s in stories if "war" in s.event_ids)  # recalled as background only: a built title
    assert war.event_ids == ("war",) and war.title == "Protests, 2011-03-15"
    deir = next(s for s in stories if "feb7" in s.event_ids)
    assert set(deir.event_ids) == {"feb7", "tank", "feb27"}
    assert deir.article_ids == ("blog", "repost")
    assert deir.title == "JUST IN: U.S. jet destroys Russian tank"  # the blog reports two of its three events
    assert (deir.first_date, deir.last_date) == ("2018-02-05", "2018-02-27")
    idlib = next(s for s in stories if "idlib" in s.event_ids)
    assert idlib.title == "Explosions/Remote violence in Idlib, 2018-02-08"


def test_nearby_alike_events_in_one_place_join_but_a_story_never_spans_months() -> None:
    events = [_event(f"e{day}", f"2018-03-{day:02d}", "Idlib", (f"a{day}",), actors=frozenset({"Russian forces"}))
              for day in (1, 3, 5)]
    events.append(_event("far", "2018-03-07", "Homs", ("x",), actors=frozenset({"Russian forces"})))
    stories = group_stories(events, {})
    assert [sorted(s.event_ids) for s in stories] == [["e1", "e3", "e5"], ["far"]]
    chain = [_event(f"d{i}", f"2018-{1 + i // 28:02d}-{1 + i % 28:02d}", "Idlib", (f"b{i}",)) for i in range(0, 120, 2)]
    spans = [(s.first_date, s.last_date) for s in group_stories(chain, {})]
    assert len(spans) > 1
    for first, last in spans:
        assert first and last and (date.fromisoformat(last) - date.fromisoformat(first)).days <= MAX_SPAN_DAYS


def test_undated_events_stay_with_what_their_article_reports() -> None:
    events = [_event("dated", "2018-02-07", "Deir ez-Zor", ("blog",)), _event("undated", None, None, ("blog",))]
    assert [s.event_ids for s in group_stories(events, _ARTICLES)] == [("dated", "undated")]


def test_a_chain_of_alike_daily_events_stops_near_the_storys_core() -> None:
    """Daily strikes in one governorate, each like the day before (the FA-KES Aleppo summer of 2016
    became one story of 62 articles over 43 days): they join only within a week of the most reported one."""
    core = _event("d0", "2016-07-01", "Aleppo", ("a0", "b0", "c0"))
    chain = [core] + [_event(f"d{i}", f"2016-07-{1 + i:02d}", "Aleppo", (f"a{i}",)) for i in range(1, 20)]
    stories = group_stories(chain, {})
    first = next(s for s in stories if "d0" in s.event_ids)
    assert first.first_date == "2016-07-01" and first.last_date is not None
    assert (date.fromisoformat(first.last_date) - date.fromisoformat(first.first_date)).days <= NEARBY_REACH_DAYS
    assert len(stories) > 1


def test_a_built_title_gives_a_date_as_precisely_as_it_is_known() -> None:
    # The demo's "Explosions/Remote violence in Rif Dimashq, 2014-01-01" was an event dated "in 2014".
    for value, precision, shown in (
        ("2014-01-01", "year", "2014"), ("2013-08-01", "month", "August 2013"),
        ("2018-02-05", "week", "week of 2018-02-05"), ("2013-08-21", "day", "2013-08-21"),
    ):
        event = StoryEvent(id="e", type="Explosions/Remote violence", date=value, place="Rif Dimashq",
                           actors=frozenset(), article_ids=("x",), main_article_ids=(), date_precision=precision)
        [story] = group_stories([event], {})
        assert story.title == f"Explosions/Remote violence in Rif Dimashq, {shown}"
