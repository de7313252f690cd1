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
