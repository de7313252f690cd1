"""The search index with synthetic documents, on whichever database the suite runs against."""

from datetime import UTC, datetime

import pytest

from vocweek.core.search import SearchDocument, backend
from vocweek.core.search.snippets import snippet
from vocweek.core.search.tokens import query_words, words

pytestmark = pytest.mark.django_db


def doc(object_id: int, title: str, body: str, *, kind: str = "story", **values) -> SearchDocument:
    values.setdefault("campaign_id", 1)
    values.setdefault("published_at", datetime(2021, 5, 22, object_id % 24, tzinfo=UTC))
    return SearchDocument(kind=kind, object_id=object_id, title=title, body=body, **values)


@pytest.fixture
def index():
    search = backend()
    search.index(
        [
            doc(
                1,
                "开放校园迎客来",
                "学生展示数控加工技能，家长现场体验。",
                city_id=10,
                category="news",
            ),
            doc(2, "数控专业开放日", "智能制造实训中心向市民开放。", city_id=20, category="case"),
            doc(
                3,
                "非遗进校园",
                "剪纸和面塑走进课堂，Python 编程社团也来了。",
                city_id=10,
                unit_id=7,
            ),
            doc(4, "技能大师工作室", "大师带徒传授数控技艺。", kind="hall", city_id=10),
        ]
    )
    return search


def ids(results) -> list[int]:
    return [hit.object_id for hit in results.hits]


def test_words_are_segmented_lower_cased_and_free_of_punctuation():
    assert words("学生展示数控加工技能！Python、AI") == [
        "学生", "展示", "数控", "加工", "技能", "python", "ai",
    ]  # fmt: skip
    assert query_words('"数控" NEAR(* -加工)') == ["数控", "near", "加工"]


def test_search_finds_a_chinese_word_of_the_body(index):
    results = index.search("数控", kind="story")
    assert results.total == 2
    assert set(ids(results)) == {1, 2}


def test_title_match_ranks_above_body_match(index):
    assert ids(index.search("数控", kind="story"))[0] == 2


def test_every_word_of_the_query_must_match(index):
    assert ids(index.search("数控 家长", kind="story")) == [1]
    assert index.search("数控 剪纸", kind="story").total == 0


def test_kinds_are_kept_apart(index):
    assert ids(index.search("数控", kind="hall")) == [4]
    assert index.search("数控").total == 3


def test_filters_narrow_the_results(index):
    assert ids(index.search("数控", kind="story", filters={"city_id": 20})) == [2]
    assert ids(index.search("数控", kind="story", filters={"category": "news"})) == [1]
    assert ids(index.search("编程", filters={"unit_id": 7, "city_id": 10})) == [3]
    assert index.search("数控", kind="story", campaign_id=2).total == 0


def test_unknown_filter_is_refused(index):
    with pytest.raises(ValueError):
        index.search("数控", filters={"title; DROP TABLE x": 1})


def test_latin_words_match_case_insensitively(index):
    assert ids(index.search("python")) == [3]
    assert ids(index.search("PYTHON")) == [3]


def test_snippets_are_escaped_and_mark_the_words(index):
    index.index([doc(5, "<b>数控</b>大赛", "选手<script>alert(1)</script>比拼数控车床操作。")])
    hit = index.search("数控车床").hits[0]
    assert hit.object_id == 5
    assert "<mark>数控</mark>" in hit.title_snippet
    assert "&lt;b&gt;" in hit.title_snippet
    assert "<script>" not in hit.body_snippet
    assert "<mark>数控车床</mark>" in hit.body_snippet


def test_snippet_is_a_window_around_the_first_match():
    text = "前言" * 100 + "学生展示数控加工技能" + "后记" * 100
    html = snippet(text, ["数控"])
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>数控</mark>" in html
    assert len(html) < 140


def test_reindexing_replaces_the_old_text(index):
    index.index([doc(1, "开放校园迎客来", "烹饪专业展示中式面点。")])
    assert 1 not in ids(index.search("数控", kind="story"))
    assert ids(index.search("面点")) == [1]


def test_removed_documents_are_not_found(index):
    index.remove("story", [1, 999])
    assert ids(index.search("数控", kind="story")) == [2]
    assert ids(index.search("数控", kind="hall")) == [4]


def test_clear_drops_one_kind_only(index):
    index.clear("story")
    assert ids(index.search("数控")) == [4]


def test_pagination_counts_all_and_returns_a_page(index):
    index.index([doc(100 + n, f"技能展示第{n}场", "开放校园技能展示。") for n in range(25)])
    first = index.search("技能展示", limit=10)
    third = index.search("技能展示", limit=10, offset=20)
    assert first.total == third.total == 25 + 1
    assert len(first.hits) == 10 and len(third.hits) == 6
    assert not set(ids(first)) & set(ids(third))


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"数控',
        "数控 NEAR 加工",
        "NEAR(数控 加工)",
        "数控*",
        "*",
        "-数控",
        "数控 OR 1=1",
        "title_words:数控",
        "{title_words}: 数控",
        "数控 AND NOT 加工",
        "'; DROP TABLE search_document; --",
        "数控 & | ! <-> :*",
        "",
        "   ",
        "！？。",
        "数" * 5000,
    ],
)
def test_hostile_queries_never_error(index, query):
    results = index.search(query)
    assert results.total >= 0
    assert index.search("数控").total == 3


@pytest.fixture
def crowded(monkeypatch):
    """More matches than the cap (lowered to 5 so the test stays small), two cities."""
    from vocweek.core.search import interface, postgresql, sqlite

    for module in (interface, sqlite, postgresql):
        monkeypatch.setattr(module, "COUNT_CAP", 5)
        monkeypatch.setattr(module, "RANKED_CANDIDATES", 5)
    search = backend()
    # Indexed in id order, so 1..20 are also the order of the index's rowids (oldest first).
    search.index(
        [
            doc(n, f"第{n}场技能展示", "开放校园技能展示。", city_id=10 if n % 2 else 20)
            for n in range(1, 21)
        ]
    )
    return search


def test_common_word_total_is_capped_and_flagged(crowded):
    results = crowded.search("技能展示", limit=10)
    assert results.total == 5 and results.total_is_estimate
    # Only the 5 most recently indexed candidates are ranked: documents 16..20.
    assert sorted(ids(results)) == [16, 17, 18, 19, 20]


def test_capped_search_pages_within_the_candidates(crowded):
    first = crowded.search("技能展示", limit=3)
    second = crowded.search("技能展示", limit=3, offset=3)
    assert first.total_is_estimate and len(first.hits) == 3 and len(second.hits) == 2
    assert not set(ids(first)) & set(ids(second))
    assert crowded.search("技能展示", limit=3, offset=5).hits == []


def test_capped_search_still_applies_filters(crowded):
    results = crowded.search("技能展示", filters={"city_id": 20}, limit=10)
    assert results.total == 5 and results.total_is_estimate
    assert sorted(ids(results)) == [12, 14, 16, 18, 20]
    narrow = crowded.search("技能展示", filters={"city_id": 20}, campaign_id=2)
    assert narrow.total == 0 and not narrow.total_is_estimate


def test_rare_word_is_counted_exactly_and_ranked_over_all_matches(crowded):
    crowded.index([doc(21, "剪纸剪纸", "剪纸。"), doc(1, "剪纸", "开放校园技能展示。")])
    results = crowded.search("剪纸")
    assert results.total == 2 and not results.total_is_estimate
    assert ids(results)[0] == 21


def test_a_filtered_common_word_finds_an_old_match_behind_many_newer_ones(crowded):
    # Document 21 is the only one of city 30; forty newer documents share its common words.
    crowded.index([doc(21, "第21场技能展示", "开放校园技能展示。", city_id=30)])
    crowded.index(
        [doc(n, f"第{n}场技能展示", "开放校园技能展示。", city_id=10) for n in range(22, 62)]
    )
    results = crowded.search("技能展示", filters={"city_id": 30}, limit=10)
    assert results.total == 1 and not results.total_is_estimate
    assert ids(results) == [21]


def test_a_kind_is_searched_on_its_own_whatever_the_other_kinds_hold(crowded):
    crowded.index([doc(1, "太原技能展示学院", "技能展示", kind="hall")])
    halls = crowded.search("技能展示", kind="hall")
    assert halls.total == 1 and [hit.kind for hit in halls.hits] == ["hall"]
    stories = crowded.search("技能展示", kind="story", limit=30)
    assert "hall" not in {hit.kind for hit in stories.hits}
