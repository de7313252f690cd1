"""Chinese search over 200,000 documents (DESIGN §7: p95 ≤ 50 ms), SQLite FTS5 and PostgreSQL.

The documents are generated: sentences composed from a few hundred words of vocational-education
news (schools, majors, skills, activities, cities), so rjieba segments them as it would real
stories, with Zipf-like word frequencies (a word's weight falls as 1/(rank + offset)) and one
school per story. rjieba splits compounds, so some query words still land in over half the
documents (技能, 实训, 精神 ≈ 60 % of a 4,000-document sample) — TODO: a vocabulary with fewer
shared morphemes to keep every content word under ~30 %.
They go into the real index through the backend's own `index()`.

~200 queries of one or two words, common and rare, each run through `search()` as the portal
asks (total count + the first 10 hits with snippets); the figure is the p95 of their times.
Reference, measured in the same run on the same rows: the first LIKE_QUERIES of the queries as
`LIKE '%word%'` over the stored original text (title or body), counting the matches and fetching
the first 10 — what a search without an index does (it scans every row, hence so few).
"""

import itertools
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from bench.harness import Figure
from vocweek.core.search import COUNT_CAP, SearchDocument, backend

TARGET_MS = 50.0
DOCUMENTS = 200_000
QUERIES = 200
LIKE_QUERIES = 10
FILTERED_QUERIES = 50
HALLS = 480
BATCH = 5000


def _words(text: str) -> list[str]:
    return text.split()


CITIES = _words("太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁")
SCHOOL_KINDS = ("职业技术学院", "第一职业中学", "技师学院", "卫生学校", "财贸学校", "农业学校")
SCHOOLS = [f"{city}{kind}" for city in CITIES for kind in SCHOOL_KINDS]
MAJORS = _words(
    "数控技术 机电一体化 工业机器人 智能制造 汽车维修 新能源汽车 护理 中医康养 电子商务 "
    "物流管理 会计 旅游服务 酒店管理 烹饪 面点 学前教育 计算机应用 软件开发 网络安全 "
    "大数据 人工智能 建筑施工 工程造价 焊接 电气自动化 煤矿开采 现代农业 园艺 畜牧兽医 "
    "服装设计 美容美发 无人机 轨道交通 航空服务 动漫制作 影视后期 直播电商 养老服务"
)
ACTIVITIES = _words(
    "开放校园 开放赛场 开放企业 走进社区 技能展示 技能大赛 职业体验 成果展览 云上活动周 "
    "线上逛校园 网上开放日 线上展厅 网络直播 网上研讨会 技能服务 志愿服务 非遗传承 "
    "大国工匠 劳模进校园 校企合作 产教融合 现代学徒制 订单培养 实训基地 创新创业 职业启蒙"
)
SUBJECTS = _words("学生 师生 教师 家长 市民 企业专家 劳动模范 技能大师 校友 社区居民 中小学生 记者")
VERBS = _words("展示 体验 参观 学习 观摩 交流 比拼 分享 宣传 讲解 演示 指导 服务 推广")
OBJECTS = _words(
    "精湛技艺 实训设备 教学成果 创新作品 专业技能 职业精神 工匠精神 劳动精神 技术革新 "
    "新型设备 特色课程 实践教学 就业成果 创业项目 志愿活动 非遗技艺 传统手工 智能产线"
)
RARE = _words(
    "剪纸 面塑 皮影 澄泥砚 推光漆器 刺绣 陶艺 古建修缮 茶艺 咖啡 调酒 插花 书法 篆刻 "
    "无损检测 激光切割 三维扫描 虚拟仿真 区块链 物联网 云计算 光伏 储能 氢能 碳中和"
)
TEMPLATES = [
    "{school}举办{activity}，{subject}{verb}{major}的{object}。",
    "在{activity}现场，{subject}积极{verb}{object}，感受{major}的魅力。",
    "{city}各院校围绕{activity}，组织{subject}{verb}{object}和{rare}。",
    "{major}{subject}通过{activity}{verb}{rare}，展现新时代{object}。",
    "本次{activity}由{school}承办，吸引了众多{subject}前来{verb}{rare}。",
    "{subject}在{school}{verb}{major}实训，了解{rare}。",
    "{city}{subject}走进{school}，{verb}{object}。",
]


class _Zipf:
    """Draws from a word list with weight 1 / (rank + offset): a long tail of rarer words."""

    def __init__(self, words: list[str], offset: float):
        self.words = words
        weights = [1 / (rank + offset) for rank in range(1, len(words) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.words, cum_weights=self.cumulative)[0]


_CITY = _Zipf(CITIES, 2)
_ACTIVITY = _Zipf(ACTIVITIES, 20)
_SUBJECT = _Zipf(SUBJECTS, 20)
_VERB = _Zipf(VERBS, 6)
_MAJOR = _Zipf(MAJORS, 8)
_OBJECT = _Zipf(OBJECTS, 20)
_RARE = _Zipf(RARE, 1)


def _sentence(rng: random.Random, city: str, school: str) -> str:
    return rng.choice(TEMPLATES).format(
        school=school,
        city=city,
        activity=_ACTIVITY(rng),
        subject=_SUBJECT(rng),
        verb=_VERB(rng),
        major=_MAJOR(rng),
        object=_OBJECT(rng),
        rare=_RARE(rng) if rng.random() < 0.3 else _OBJECT(rng),
    )


def documents(count: int, seed: int = 2031):
    rng = random.Random(seed)
    start = datetime(2031, 5, 22, tzinfo=UTC)
    for pk in range(1, count + 1):
        city = _CITY(rng)
        school = f"{city}{rng.choice(SCHOOL_KINDS)}"
        body = "".join(_sentence(rng, city, school) for _ in range(rng.randint(2, 5)))
        yield SearchDocument(
            kind="story",
            object_id=pk,
            title=f"{school}{_ACTIVITY(rng)}{_OBJECT(rng)}",
            body=body,
            campaign_id=1,
            city_id=CITIES.index(city) + 1,
            unit_id=SCHOOLS.index(school) + 1,
            category=rng.choice(["news", "case", "photo_news", "video", "practice"]),
            published_at=start + timedelta(seconds=pk * 3),
        )


def halls(count: int, seed: int = 480):
    """Exhibition halls: a school's name, a few sentences and its majors, in the same vocabulary."""
    rng = random.Random(seed)
    for pk in range(1, count + 1):
        city = _CITY(rng)
        school = f"{city}{rng.choice(SCHOOL_KINDS)}"
        majors = " ".join(sorted({_MAJOR(rng) for _ in range(6)}))
        body = "".join(_sentence(rng, city, school) for _ in range(rng.randint(3, 6)))
        yield SearchDocument(
            kind="hall",
            object_id=pk,
            title=school,
            body=f"{body} {majors}",
            city_id=CITIES.index(city) + 1,
            unit_id=SCHOOLS.index(school) + 1,
            category="higher_vocational",
        )


def queries(count: int, seed: int = 7) -> list[str]:
    """One- and two-word queries: common activities and subjects, majors, rare crafts, cities."""
    rng = random.Random(seed)
    pool = ACTIVITIES + SUBJECTS + MAJORS + OBJECTS + RARE + CITIES
    result = []
    for index in range(count):
        if index % 3 == 0:
            result.append(f"{rng.choice(pool)} {rng.choice(pool)}")
        else:
            result.append(rng.choice(pool))
    return result


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def like_search(words: list[str]) -> tuple[int, list]:
    """The reference: every word as LIKE '%word%' over title or body, count + the first 10."""
    where = " AND ".join(["(title LIKE %s OR body LIKE %s)"] * len(words))
    params = [f"%{word}%" for word in words for _ in range(2)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM search_document WHERE {where}", params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT object_id, title, body FROM search_document WHERE {where} "
            "ORDER BY published_at DESC LIMIT 10",
            params,
        )
        return total, cursor.fetchall()


def run() -> list[Figure]:
    search = backend()
    # The halls go in first: the oldest rows of the index, behind every story (the worst case).
    with transaction.atomic():
        search.index(halls(HALLS))
    started = time.perf_counter()
    batch: list[SearchDocument] = []
    for document in documents(DOCUMENTS):
        batch.append(document)
        if len(batch) >= BATCH:
            with transaction.atomic():
                search.index(batch)
            batch = []
    with transaction.atomic():
        search.index(batch)
    indexing = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE search_document")
        else:
            cursor.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")

    asked = queries(QUERIES)
    for query in asked[:10]:  # warm the caches and the segmenter's dictionary
        search.search(query, kind="story", limit=10)
    indexed, plain, capped = [], [], 0
    for query in asked:
        begun = time.perf_counter()
        results = search.search(query, kind="story", limit=10)
        indexed.append((time.perf_counter() - begun) * 1000)
        capped += results.total_is_estimate
    like_queries = asked[:LIKE_QUERIES]  # the reference scans every row: a few suffice
    for query in like_queries:
        begun = time.perf_counter()
        like_search(query.split())
        plain.append((time.perf_counter() - begun) * 1000)
    portal = []
    for query in asked[:FILTERED_QUERIES]:
        begun = time.perf_counter()
        search.search(query, kind="hall", limit=3)
        search.search(query, kind="story", limit=10)
        portal.append((time.perf_counter() - begun) * 1000)
    filtered = []
    for query in asked[:FILTERED_QUERIES]:
        begun = time.perf_counter()
        search.search(query, kind="story", filters={"city_id": 3, "category": "case"}, limit=10)
        filtered.append((time.perf_counter() - begun) * 1000)
    return [
        Figure(
            name=(
                f"Chinese search p95: {DOCUMENTS:,} documents, {QUERIES} queries of 1–2 words "
                f"({capped} with over {COUNT_CAP:,} matches), count + 10 hits with snippets"
            ),
            value=_p95(indexed),
            unit="ms",
            target=TARGET_MS,
            better="lower",
            reference_name=f"LIKE '%word%' over the same rows, p95 of {len(like_queries)} of the queries",
            reference_value=_p95(plain),
        ),
        Figure(
            name=f"Chinese search p95 with city and category filters, {FILTERED_QUERIES} queries",
            value=_p95(filtered),
            unit="ms",
            target=TARGET_MS,
            better="lower",
            reference_name=f"LIKE '%word%' over the same rows, p95 of {len(like_queries)} of the queries",
            reference_value=_p95(plain),
        ),
        Figure(
            name=(
                f"portal search p95: {HALLS} halls (indexed first, oldest) + stories, "
                f"{FILTERED_QUERIES} queries"
            ),
            value=_p95(portal),
            unit="ms",
            target=TARGET_MS,
            better="lower",
            reference_name=f"LIKE '%word%' over the same rows, p95 of {len(like_queries)} of the queries",
            reference_value=_p95(plain),
        ),
        Figure(
            name=f"search indexing: {DOCUMENTS:,} documents segmented and inserted (no target)",
            value=indexing,
            unit="s",
            target=float("inf"),
            better="lower",
            reference_name="none",
            reference_value=0.0,
        ),
    ]
