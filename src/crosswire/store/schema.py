"""The store's tables: the interface between stages.

Plain tables with obvious names, so that a user can open the SQLite file with
`sqlite3` or Datasette and follow an article from its sources to its derived
records. Text offsets (`start`, `end`) are character offsets into
`articles.text`, the article's clean text. Derived rows name the stage and
version that produced them, so a rerun after a change knows what is stale.

A table's columns change only together with a new migration in
`migrations.py`; a test checks that a migrated database matches these
definitions.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKeyConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from crosswire.store.dialect import portable_column_types

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("description", Text, nullable=False),
    Column("applied_at", String(32), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("outlet", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(32)),
    Column("text", Text, nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("copy_of", String(32), ForeignKey("articles.id")),
    Column("copy_similarity", Integer),  # estimated Jaccard x 1000 against copy_of
    Column("extra", Text, nullable=False, server_default="{}"),  # JSON object
    Column("seq", Integer, nullable=False),  # ingest order, the tie-break for "earlier"
    Column("ingested_at", String(32), nullable=False),
    Column("extractor", String(64), nullable=False),
)
Index("ix_articles_copy_of", articles.c.copy_of)
Index("ix_articles_outlet", articles.c.outlet)
Index("ix_articles_published", articles.c.published)
# Each ingested article takes max(seq) + 1: without an index that is a scan of the whole table per article,
# quadratic over a large ingest (21 ms an article at 27,000 articles).
Index("ix_articles_seq", articles.c.seq)

article_sources = Table(
    "article_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("origin", Text, nullable=False),
    Column("item", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    UniqueConstraint("article_id", "origin", "item", name="uq_article_sources"),
)
Index("ix_article_sources_origin", article_sources.c.origin, article_sources.c.item)

removed_furniture = Table(
    "removed_furniture",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
)

minhash_signatures = Table(
    "minhash_signatures",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("num_perm", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

ingest_errors = Table(
    "ingest_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("item", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("first_seen", String(32), nullable=False),
    UniqueConstraint("origin", "item", "reason", name="uq_ingest_errors"),
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("stage", String(64), primary_key=True),
    Column("version", String(64), nullable=False),
    Column("done_at", String(32), nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String(32), nullable=False),
    Column("text", Text, nullable=False),
)
Index("ix_entities_label_text", entities.c.label, entities.c.text)

# --- understanding (migration 3). `position` numbers an article's records in
# text order; references between them use positions within the same article.

claims = Table(
    "claims",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("source_name", Text),
    Column("source_type", String(16)),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("via", Text),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("content_start", Integer),
    Column("content_end", Integer),
    Column("hedged", Integer, nullable=False),
)
Index("ix_claims_kind", claims.c.kind)

event_frames = Table(
    "event_frames",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("type", Text, nullable=False),
    Column("sub_event", Text),
    Column("date", String(32)),
    Column("date_precision", String(8)),
    Column("place_name", Text),
    Column("admin1", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("main", Integer, nullable=False),
)

frame_actors = Table(
    "frame_actors",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("frame_position", Integer, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    ForeignKeyConstraint(
        ["article_id", "frame_position"], ["event_frames.article_id", "event_frames.position"], ondelete="CASCADE"
    ),
)

figures = Table(
    "figures",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("category", String(16), nullable=False),
    Column("low", Integer, nullable=False),
    Column("high", Integer),
    Column("group_text", Text),
    Column("hedged", Integer, nullable=False),
    Column("claim_position", Integer),
    Column("frame_position", Integer),
)
Index("ix_figures_category", figures.c.category)

time_expressions = Table(
    "time_expressions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(32), nullable=False),
    Column("precision", String(8), nullable=False),
    Column("kind", String(8), nullable=False),
)

places = Table(
    "places",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("name", Text),
    Column("admin1", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", Integer),
    Column("feature", String(16)),
)
Index("ix_places_admin1", places.c.country, places.c.admin1)

# --- linking and assessment across articles (migration 4). Every row here is
# rebuilt by the link stage as a whole; `link_runs` records which version of
# the stage produced the current rows and from which inputs.

link_runs = Table(
    "link_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stage", String(64), nullable=False),
    Column("version", String(64), nullable=False),
    Column("inputs", String(64), nullable=False),  # hash of the analysed articles the rows were built from
    Column("articles", Integer, nullable=False),
    Column("events", Integer, nullable=False),
    Column("stories", Integer, nullable=False),
    Column("done_at", String(32), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("type", Text, nullable=False),
    Column("sub_event", Text),
    Column("date", String(32)),
    Column("date_precision", String(8)),
    Column("place_name", Text),
    Column("admin1", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("origins", Integer, nullable=False),  # independent origins reporting the event
    Column("corroboration", String(16), nullable=False),
)
Index("ix_events_date", events.c.date)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("frame_position", Integer, primary_key=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    ForeignKeyConstraint(
        ["article_id", "frame_position"], ["event_frames.article_id", "event_frames.position"], ondelete="CASCADE"
    ),
)
Index("ix_event_mentions_event", event_mentions.c.event_id)

event_figures = Table(
    "event_figures",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("category", String(16), primary_key=True),
    Column("low", Integer, nullable=False),
    Column("best", Integer, nullable=False),
    Column("high", Integer),  # None: open-ended
    Column("origins", Integer, nullable=False),
    Column("contested", Integer, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=False),
    Column("first_date", String(32)),
    Column("last_date", String(32)),
)

story_events = Table(
    "story_events",
    metadata,
    Column("story_id", String(64), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
)
Index("ix_story_events_event", story_events.c.event_id)

story_articles = Table(
    "story_articles",
    metadata,
    Column("story_id", String(64), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)
Index("ix_story_articles_article", story_articles.c.article_id)

provenance_edges = Table(
    "provenance_edges",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # copies | relays | cites
    Column("target_name", Text, nullable=False),
    Column("target_article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE")),
    Column("start", Integer),
    Column("end", Integer),
)
Index("ix_provenance_edges_target", provenance_edges.c.target_article_id)

shared_passages = Table(
    "shared_passages",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("origin_article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("origin_start", Integer, nullable=False),
    Column("origin_end", Integer, nullable=False),
)
Index("ix_shared_passages_origin", shared_passages.c.origin_article_id)

claim_origins = Table(
    "claim_origins",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("claim_position", Integer, primary_key=True),
    Column("origin_key", Text, nullable=False),
    Column("report", Text, nullable=False),
    Column("claimant", Text),
    ForeignKeyConstraint(["article_id", "claim_position"], ["claims.article_id", "claims.position"], ondelete="CASCADE"),
)
Index("ix_claim_origins_key", claim_origins.c.origin_key)

claim_groups = Table(
    "claim_groups",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("origins", Integer, nullable=False),
    Column("corroboration", String(16), nullable=False),
)

claim_group_members = Table(
    "claim_group_members",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("claim_position", Integer, primary_key=True),
    Column("group_id", String(64), ForeignKey("claim_groups.id", ondelete="CASCADE"), nullable=False),
    ForeignKeyConstraint(["article_id", "claim_position"], ["claims.article_id", "claims.position"], ondelete="CASCADE"),
)
Index("ix_claim_group_members_group", claim_group_members.c.group_id)

# --- polling feeds (migration 5): what `crosswire watch` last heard from each
# feed, so that an unchanged feed is answered with 304 Not Modified.
feed_state = Table(
    "feed_state",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", String(32), nullable=False),
)

# --- stance (migration 6): how each article of an event stands toward a key
# claim of another article, as the FNC-1 stance model says (link/stances.py).
# Probabilities are stored x1000.
claim_stances = Table(
    "claim_stances",
    metadata,
    Column("group_id", String(64), ForeignKey("claim_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("stance", String(16), nullable=False),
    Column("agree", Integer, nullable=False),
    Column("disagree", Integer, nullable=False),
    Column("discuss", Integer, nullable=False),
    Column("unrelated", Integer, nullable=False),
)
Index("ix_claim_stances_article", claim_stances.c.article_id)

# --- lead summaries (migration 7): the place, toll, attacker class and cause
# an article's lead gives for its main event (understand/records.LeadSummary).
article_leads = Table(
    "article_leads",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("death_toll", Integer),
    Column("attacker_class", Text, nullable=False),
    Column("cause", Text, nullable=False),
    Column("place_name", Text),
    Column("admin1", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
)

# PostgreSQL gets SQLite's text, integer and ordering behaviour (store/dialect.py).
portable_column_types(metadata)
