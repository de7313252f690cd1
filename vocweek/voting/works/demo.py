"""The demo works collection: “技能成才·强国有我”主题作品征集, with 微视频, 摄影作品 and 征文, a
rubric, entries from the demo schools (essays written for the project, photos and short videos
drawn here), three judges among the demo log-ins, their scores, and the results.

Everything happens at the moment it would have, through the services, and only up to the
platform's clock: the call opens on the campaign's opening day, entries come in before the
deadline (5/25 18:00) and never after the clock, judging starts the next morning once the clock
is past it, sheets are filed up to the clock, and the results are published on 5/28 at 10:00 only
if the clock is past that. Loading is idempotent: a campaign that has a collection gets none added.
"""

import io
import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import av
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from vocweek.accounts.models import User
from vocweek.campaigns.models import Campaign, Participation
from vocweek.core import clock
from vocweek.orgs.models import Unit
from vocweek.voting.works import entries, queries, scoring, services
from vocweek.voting.works.enums import AuthorRole, CollectionState, EntryKind
from vocweek.voting.works.models import Collection, Entry, ScoreSheet

SEED = 20210522
TITLE = "“技能成才·强国有我”主题作品征集"
DESCRIPTION = (
    "为展示新时代职业院校学生技能成才、奋发向上的精神风貌，省教育厅在职业教育活动周期间"
    "面向全省职业院校开展“技能成才·强国有我”主题作品征集。\n"
    "作品须紧扣主题、内容原创、导向正确，不得抄袭或使用他人作品；涉及肖像的须征得本人同意。\n"
    "作品以学校为单位报送，每校每个类别不超过 3 件；学生作者不超过 3 人，指导教师不超过 2 人。\n"
    "评审实行匿名评审：作品标题、简介和内容中请勿出现学校名称和作者姓名。"
)
JUDGES = ("province", "union", "taiyuan")
CATEGORIES = (
    services.CategoryLine(
        name="微视频",
        kind=EntryKind.VIDEO,
        requirements="1–5 分钟，MP4 格式，横屏拍摄，清晰度不低于 1080P",
        first_prizes=1,
        second_prizes=1,
        third_prizes=0,
        merit_prizes=0,
    ),
    services.CategoryLine(
        name="摄影作品",
        kind=EntryKind.PHOTOS,
        requirements="单幅或组照（不超过 9 幅），反映实训、实习与校园生活",
        first_prizes=1,
        second_prizes=1,
        third_prizes=1,
        merit_prizes=0,
    ),
    services.CategoryLine(
        name="征文",
        kind=EntryKind.ESSAY,
        requirements="题目自拟，体裁不限（诗歌除外）",
        max_characters=3000,
        first_prizes=1,
        second_prizes=1,
        third_prizes=1,
        merit_prizes=0,
    ),
)
CRITERIA = (
    services.CriterionLine(
        name="思想性", description="紧扣主题，导向正确，积极向上", max_points=30
    ),
    services.CriterionLine(
        name="艺术性", description="构思新颖，表现手法恰当，感染力强", max_points=30
    ),
    services.CriterionLine(
        name="技术性", description="画面、声音、文字与制作的质量", max_points=25
    ),
    services.CriterionLine(name="创新性", description="视角独特，形式有创意", max_points=15),
)

ESSAYS = (
    (
        "一根焊条的温度",
        "第一次走进焊接实训室，我被那一团刺眼的弧光吓得后退了半步。",
        (
            "第一次走进焊接实训室，我被那一团刺眼的弧光吓得后退了半步。师傅把面罩递给我，说："
            "“别怕，光是亮的，手要稳。”那天我焊废了整整一盒焊条，焊缝歪歪扭扭，像一条迷了路的蚯蚓。",
            "后来我才知道，师傅的手稳，是练出来的。他年轻时在厂里一练就是一整天，胳膊上挂着砖头"
            "练平举。我也学着他，每天晚自习前在实训室多练半小时。一个学期下来，我的焊缝终于"
            "变得均匀、饱满，像一串整齐的鱼鳞。",
            "去年冬天，我跟着老师到企业顶岗实习，第一次在真正的钢结构上施焊。风从车间的缝隙里"
            "钻进来，手套里全是汗。当质检员在探伤报告上签下“合格”两个字时，我忽然觉得，"
            "手里那根小小的焊条是有温度的——它连着的是桥梁、是厂房，也是我自己的将来。",
            "有人说职校生没有出路。我想说，路就在手上。只要肯把一件事做到极致，"
            "平凡的岗位也能亮起弧光。",
        ),
    ),
    (
        "奶奶的药盒",
        "奶奶的药盒有七个格子，星期一到星期日，每个格子里装着不同颜色的小药片。",
        (
            "奶奶的药盒有七个格子，星期一到星期日，每个格子里装着不同颜色的小药片。小时候我觉得"
            "那是一盒糖，长大后才明白，那是奶奶和病痛较劲的全部家当。",
            "报考护理专业的时候，家里有人不理解：“伺候人的活儿，有什么前途？”我没有争辩。"
            "在学校的模拟病房里，我一遍遍练习静脉穿刺、测血压、翻身拍背，"
            "也一遍遍想起奶奶看着我时那种放心的眼神。",
            "去年暑假，我在社区卫生服务站做志愿者，帮老人们整理药盒、讲解用药。有位爷爷耳背，"
            "我就把每种药的用法写成大字贴在盒盖上。临走时他拉着我的手说：“闺女，你比我孙子还细心。”",
            "那一刻我懂了，技能不只是操作规程上的一个个步骤，它还是把别人的安危放在心上的那份郑重。"
            "我愿意用一双训练有素的手，守护更多人的七个格子。",
        ),
    ),
    (
        "从麦田到直播间",
        "我家在晋南的麦田边上，父亲种了一辈子地，最怕的是丰收了卖不上价。",
        (
            "我家在晋南的麦田边上，父亲种了一辈子地，最怕的是丰收了卖不上价。去年他把新磨的"
            "面粉一袋袋码在院子里，愁得整夜睡不着。",
            "那时我正在学电子商务，老师在课上讲短视频运营、讲农产品上行。我鼓起勇气，"
            "用手机给父亲拍了第一条视频：清晨的麦田，石磨转动，面粉像雪一样落下来。",
            "视频发出去的第三天，订单一下子涌了进来。全班同学都来帮忙，有人做客服，有人写文案，"
            "有人联系物流。一个月里，我们帮村里卖出了两万多斤面粉和小米。",
            "父亲第一次对着镜头笑了，他说：“没想到学这个也能帮上地里的忙。”我想，"
            "这就是职业教育给我的底气：把学到的本事用在脚下的土地上。",
        ),
    ),
    (
        "车间里的“00后”",
        "凌晨五点半，实习单位的生产线还没启动，我已经换好了工装。",
        (
            "凌晨五点半，实习单位的生产线还没启动，我已经换好了工装。作为班组里年纪最小的“00后”，"
            "我总想比别人早到一点，多看一点。",
            "刚到车间时，我负责给机器人工作站上下料，简单却枯燥。有一次我发现夹具定位总有一点偏差，"
            "导致返工率偏高。我把在学校学的误差分析用上，连续一周记录数据，"
            "最后和师傅一起改进了定位销的结构。",
            "改进方案被车间采纳的那天，主任在班前会上点了我的名。我有点不好意思，"
            "但心里清楚：这份底气来自实训室里一次次拆装、一次次调试。",
            "技能成才，不是一句口号。它是每天比昨天多懂一点，是把“差不多”变成“刚刚好”。"
            "强国有我，我愿意从一个小小的定位销做起。",
        ),
    ),
    (
        "大山里的那盏灯",
        "我的家乡在吕梁山深处，小时候村里晚上最亮的地方，是村委会门口那盏路灯。",
        (
            "我的家乡在吕梁山深处，小时候村里晚上最亮的地方，是村委会门口那盏路灯。"
            "灯一坏，全村就陷进黑暗里。",
            "初中毕业，我选了电气自动化专业。老师带我们做光伏发电实训，"
            "我第一次看见太阳能板把阳光变成电，心里一下子亮了。",
            "今年寒假，我和同学带着设备回到村里，帮乡亲们检修线路，"
            "给村口装上了太阳能路灯。老支书站在灯下看了很久，说：“这灯，亮到了心里。”",
            "我想做一个点灯的人。用自己的技能，让更多大山里的夜晚亮起来。",
        ),
    ),
)
PHOTOS = (
    ("匠心·淬火", "锻造实训中飞溅的火花与专注的眼神", 3),
    ("晨光里的实训楼", "清晨的实训基地，学生们列队走进车间", 2),
    ("毫厘之间", "精密测量课上，游标卡尺下的毫厘功夫", 4),
    ("田野课堂", "农学专业学生在试验田里记录小麦长势", 3),
)
VIDEOS = (
    ("我的实训日常", "记录汽修专业学生从拆装发动机到独立排故的一天"),
    ("非遗漆器里的青春", "漆器髹饰技艺传承班的学生讲述他们与非遗的故事"),
    ("无人机上的家乡", "用无人机航拍的视角，看职业教育如何改变家乡"),
)
STUDENTS = (
    "李佳怡", "王浩宇", "张雨萱", "刘子涵", "陈思远", "杨博文", "赵欣然", "黄俊杰",
    "周雨桐", "吴昊天", "徐梓萌", "孙一鸣", "马晓雯", "胡宇航", "郭嘉怡", "何文博",
)  # fmt: skip
TEACHERS = ("郝建国", "梁晓红", "宋志强", "韩丽萍", "唐卫东")
MAJORS = ("数控技术", "护理", "电子商务", "工业机器人技术", "电气自动化技术", "汽车运用与维修")

PHOTO_SIZE = (960, 640)
VIDEO_SIZE = (320, 180)
VIDEO_FRAMES = 24
VIDEO_RATE = 12


@dataclass(frozen=True)
class WorksDemoSummary:
    collections: int
    entries: int
    sheets: int
    state: str


def _at(campaign: Campaign, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=campaign.zone)


def _moments(campaign: Campaign) -> dict[str, datetime]:
    start = campaign.starts_on
    return {
        "opened": _at(campaign, campaign.opens_at.astimezone(campaign.zone).date(), 9),
        "deadline": _at(campaign, start + timedelta(days=3), 18),
        "judging": _at(campaign, start + timedelta(days=4), 9),
        "awarded": _at(campaign, start + timedelta(days=6), 9),
        "published": _at(campaign, start + timedelta(days=6), 10),
    }


@transaction.atomic
def load_demo_works(*, campaign: Campaign) -> WorksDemoSummary:
    """Set up the demo collection and play it forward to the platform's clock."""
    now = clock.now()  # first: it anchors a shifted clock to the real present
    if not Collection.objects.filter(campaign=campaign).exists():
        _play(campaign, now)
    collection = Collection.objects.filter(campaign=campaign).first()
    return WorksDemoSummary(
        collections=Collection.objects.filter(campaign=campaign).count(),
        entries=Entry.objects.filter(collection=collection).count() if collection else 0,
        sheets=ScoreSheet.objects.filter(entry__collection=collection).count() if collection else 0,
        state=collection.state if collection else "",
    )


def _play(campaign: Campaign, now: datetime) -> None:
    moments = _moments(campaign)
    if now < moments["opened"]:
        return
    rng = random.Random(SEED)
    judges = list(User.objects.filter(username__in=JUDGES, is_active=True).order_by("username"))
    with clock.running_from(moments["opened"] - timedelta(hours=1)):
        collection = services.create_collection(
            campaign=campaign,
            actor=None,
            settings=services.CollectionSettings(
                title=TITLE,
                description=DESCRIPTION,
                deadline=moments["deadline"],
                entries_per_unit=3,
            ),
            categories=list(CATEGORIES),
            criteria=list(CRITERIA),
        )
        for judge in judges:
            services.add_judge(collection=collection, actor=None, username=judge.username)
    with clock.running_from(moments["opened"]):
        collection = services.open_collection(collection=collection, actor=None)
    _submit_entries(campaign, collection, moments, now, rng)
    if now < moments["judging"] or not judges:
        return
    with clock.running_from(moments["judging"]):
        collection = services.start_judging(collection=collection, actor=None)
    complete = _score(collection, judges, moments, now, rng)
    if now < moments["awarded"] or not complete:
        return
    with clock.running_from(moments["awarded"]):
        suggested = {
            line.entry.pk: line.suggested
            for ranked in queries.ranking(collection)
            for line in ranked.lines
        }
        services.set_awards(collection=collection, actor=None, awards=suggested)
    if now >= moments["published"]:
        with clock.running_from(moments["published"]):
            services.publish_results(collection=collection, actor=None)


def _schools(campaign: Campaign) -> list[Unit]:
    return [
        participation.unit
        for participation in Participation.objects.filter(campaign=campaign)
        .select_related("unit")
        .order_by("unit__path")
        if participation.unit.is_school
    ]


def _authors(rng: random.Random, teacher: bool) -> tuple[entries.AuthorLine, ...]:
    names = rng.sample(STUDENTS, rng.randint(1, 2))
    major = rng.choice(MAJORS)
    lines = [
        entries.AuthorLine(name=name, role=AuthorRole.STUDENT, affiliation=f"{major} 2019 级")
        for name in names
    ]
    if teacher:
        lines.append(entries.AuthorLine(name=rng.choice(TEACHERS), role=AuthorRole.TEACHER))
    return tuple(lines)


def _submit_entries(
    campaign: Campaign,
    collection: Collection,
    moments: dict[str, datetime],
    now: datetime,
    rng: random.Random,
) -> None:
    """Each entry at its own moment between the opening and the deadline, none after the clock."""
    schools = _schools(campaign)
    if not schools:
        return
    categories = {category.kind: category for category in collection.categories.all()}
    planned = (
        [(EntryKind.ESSAY, essay) for essay in ESSAYS]
        + [(EntryKind.PHOTOS, photo) for photo in PHOTOS]
        + [(EntryKind.VIDEO, video) for video in VIDEOS]
    )
    first = moments["opened"] + timedelta(days=2)
    span = (moments["deadline"] - first).total_seconds()
    moments_of = sorted(first + timedelta(seconds=rng.uniform(0, span)) for _ in planned)
    order = rng.sample(range(len(planned)), len(planned))
    end = min(now, moments["deadline"])
    for number, (index, moment) in enumerate(zip(order, moments_of, strict=True)):
        if moment >= end:
            break
        kind, material = planned[index]
        school = schools[(number * 7) % len(schools)]
        photos: list = []
        video = None
        essay = ""
        if kind == EntryKind.ESSAY:
            title, description, paragraphs = material
            essay = "\n".join(paragraphs)
        elif kind == EntryKind.PHOTOS:
            title, description, count = material
            photos = [
                _upload(f"IMG_{2021_0500 + n}.jpg", demo_photo(seed=SEED + index * 10 + n))
                for n in range(count)
            ]
        else:
            title, description = material
            video = _upload("VID_20210518.mp4", demo_video(seed=SEED + index))
        with clock.running_from(moment):
            entries.submit_entry(
                collection=collection,
                category=categories[kind],
                unit=school,
                actor=None,
                content=entries.EntryContent(
                    title=title,
                    description=description,
                    essay=essay,
                    authors=_authors(rng, teacher=rng.random() < 0.6),
                ),
                token=uuid.UUID(int=SEED * 1000 + index),
                photos=photos,
                video=video,
            )


def _score(
    collection: Collection,
    judges: list[User],
    moments: dict[str, datetime],
    now: datetime,
    rng: random.Random,
) -> bool:
    """Every judge scores every entry in the running over a day and a half, up to the clock;
    True when every sheet is in."""
    entries_in = list(collection.entries.filter(state="submitted").order_by("number"))
    criteria = list(collection.criteria.order_by("position"))
    quality = {entry.pk: rng.uniform(0.62, 0.95) for entry in entries_in}
    complete = True
    for offset, judge in enumerate(judges):
        moment = moments["judging"] + timedelta(minutes=20 + offset * 7)
        for entry in entries_in:
            moment += timedelta(minutes=rng.randint(12, 40))
            if moment > now:
                complete = False
                break
            points = {}
            for criterion in criteria:
                share = min(1.0, max(0.3, quality[entry.pk] + rng.uniform(-0.08, 0.08)))
                points[criterion.pk] = round(criterion.max_points * share * 2) / 2
            with clock.running_from(moment):
                scoring.score_entry(entry=entry, judge_user=judge, points=points)
    return complete and collection.state == CollectionState.JUDGING


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    content_type = "video/mp4" if name.endswith(".mp4") else "image/jpeg"
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Drawn media: a landscape of the Taihang mountains with a campus, in a palette per seed ------


PALETTES = (
    ((250, 214, 165), (236, 128, 84), (96, 72, 88), (58, 47, 61)),
    ((186, 220, 245), (120, 170, 220), (78, 110, 92), (46, 70, 58)),
    ((255, 236, 200), (246, 176, 96), (130, 90, 70), (70, 52, 48)),
    ((220, 232, 240), (160, 190, 215), (92, 102, 128), (52, 58, 80)),
)


def _scene(rng: random.Random, size: tuple[int, int], phase: float = 0.0) -> Image.Image:
    width, height = size
    top, bottom, hills, ground = rng.choice(PALETTES)
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        share = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)),
        )
    sun_x = width * (0.2 + 0.6 * ((rng.random() + phase) % 1.0))
    sun_y = height * (0.3 - 0.1 * math.sin(phase * math.pi))
    radius = height * 0.08
    draw.ellipse(
        [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(255, 244, 214)
    )
    for layer, colour in enumerate((hills, ground)):
        base = height * (0.55 + 0.15 * layer)
        points = [(0, height)]
        for x in range(0, width + 40, 40):
            points.append((x, base - rng.uniform(0, height * 0.18)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    # A training building with lit windows.
    left = width * rng.uniform(0.15, 0.55)
    floor = height * 0.86
    building = (left, floor - height * 0.28, left + width * 0.3, floor)
    draw.rectangle(building, fill=(232, 226, 214))
    for row in range(4):
        for column in range(8):
            x = building[0] + 10 + column * (building[2] - building[0] - 20) / 8
            y = building[1] + 10 + row * (building[3] - building[1] - 20) / 4
            lit = rng.random() < 0.5
            draw.rectangle([x, y, x + 10, y + 8], fill=(250, 210, 110) if lit else (120, 140, 160))
    draw.rectangle([0, floor, width, height], fill=(160, 40, 36))
    return image


def demo_photo(*, seed: int) -> bytes:
    """A 960 × 640 JPEG: mountains, the sun and a lit training building."""
    buffer = io.BytesIO()
    _scene(random.Random(seed), PHOTO_SIZE).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def demo_video(*, seed: int) -> bytes:
    """A two-second 320 × 180 H.264 MP4: the sun moving over the same landscape."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=VIDEO_RATE)
        stream.width, stream.height, stream.pix_fmt = *VIDEO_SIZE, "yuv420p"
        for number in range(VIDEO_FRAMES):
            image = _scene(random.Random(seed), VIDEO_SIZE, phase=number / VIDEO_FRAMES / 4)
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()
