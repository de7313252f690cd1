"""The demo halls' texts: a profile written for this project for each of eight demo schools.

The schools are real names of the demo's unit tree; what their halls say is invented for the
demo (plausible majors, training rooms and partners, no figures given as fact). Telephone numbers
are obviously fake, web addresses use example domains only, and the enrolment text says the page
is demo content.
"""

from dataclasses import dataclass

from vocweek.reports.halls.enums import MajorLevel

HIGHER, SECONDARY, TECHNICIAN = MajorLevel.HIGHER, MajorLevel.SECONDARY, MajorLevel.TECHNICIAN

DEMO_NOTE = "本展厅内容为平台演示数据，招生计划以当年省级招生考试机构公布的为准。"


@dataclass(frozen=True)
class Major:
    name: str
    level: str
    years: int
    quota: int
    description: str = ""


@dataclass(frozen=True)
class Photo:
    """A drawn photo: its scene (see `photos.SCENES`, or "event"), its sign and caption."""

    scene: str
    caption: str
    label: str = ""


@dataclass(frozen=True)
class Album:
    title: str
    description: str
    photos: tuple[Photo, ...]


@dataclass(frozen=True)
class Panorama:
    """A drawn 360° view of the campus square at one time of day (`panorama.DAYLIGHTS`)."""

    daylight: str
    caption: str


@dataclass(frozen=True)
class Livestream:
    platform: str
    title: str
    day: int  # of the week, from 1
    hour: int
    minute: int = 0


@dataclass(frozen=True)
class HallProfile:
    """What one demo school shows in its hall."""

    school: str
    domain: str  # <domain>.example.edu.cn
    tagline: str
    introduction: tuple[str, ...]
    majors: tuple[Major, ...]
    enrolment: tuple[str, ...]
    phone: str
    address: str
    livestream: Livestream
    albums: tuple[Album, ...]
    panoramas: tuple[Panorama, ...] = ()


def _campus(*photos: Photo) -> Album:
    return Album("校园风光", "走进校园，看看教学楼、图书馆和运动场。", photos)


def _training(*photos: Photo) -> Album:
    return Album("实训基地", "按照企业生产和岗位现场布置的校内实训室。", photos)


def _week(*photos: Photo) -> Album:
    return Album("活动周现场", "2021年职业教育活动周期间的开放日和技能展示。", photos)


PROFILES = (
    HallProfile(
        school="山西职业技术学院",
        domain="sxzy",
        tagline="匠心育人 技能报国",
        introduction=(
            "山西职业技术学院是一所公办全日制高等职业院校，面向装备制造、电子信息和现代服务业办学，"
            "培养生产一线需要的高素质技术技能人才。",
            "学校围绕智能制造专业群建设了数控加工、工业机器人、电气控制等校内实训基地，实训室按照"
            "企业生产现场布置，学生在真实设备上完成从识图、编程到加工、检测的全过程训练。",
            "学校与省内装备制造、轨道交通和电子商务企业共建产业学院和订单班，推行现代学徒制：企业"
            "工程师走上讲台，学生走进车间，不少毕业设计题目来自企业的真实项目。",
            "活动周期间，学校开放实训基地和技能大师工作室，欢迎家长、考生和市民走进校园，体验数控"
            "加工、机器人编程和直播电商。",
        ),
        majors=(
            Major("数控技术", HIGHER, 3, 200, "数控编程与加工、多轴加工、产品质量检测。"),
            Major("工业机器人技术", HIGHER, 3, 160, "机器人编程、系统集成与运行维护。"),
            Major("机电一体化技术", HIGHER, 3, 200, "自动化生产线的安装、调试与维修。"),
            Major("电气自动化技术", HIGHER, 3, 150, "PLC 控制、变频调速和供配电。"),
            Major("计算机网络技术", HIGHER, 3, 120, "网络搭建、运维和网络安全基础。"),
            Major("电子商务", HIGHER, 3, 120, "网店运营、直播营销和数据分析。"),
        ),
        enrolment=(
            "学校面向全国招生，省内考生可通过普通高考、高职单独招生和对口升学等方式报考，各专业计划"
            "见本页专业列表。",
            "新生可申请国家助学金、学校奖学金和勤工助学岗位；家庭经济困难的新生可走“绿色通道”，"
            "先报到后办理资助手续。",
        ),
        phone="0351-0000000",
        address="山西省太原市小店区匠心路 18 号",
        livestream=Livestream("抖音", "“云上逛校园”直播：走进智能制造实训基地", 2, 19, 30),
        albums=(
            _campus(
                Photo("gate", "学校正门", "山西职业技术学院"),
                Photo("building", "教学主楼与中心广场", "教学楼"),
                Photo("library", "图书馆", "图书馆"),
                Photo("field", "田径运动场", "体育场"),
            ),
            _training(
                Photo("machines", "数控加工实训车间", "精益求精 追求卓越"),
                Photo("robots", "工业机器人实训室", "智能制造 技能报国"),
                Photo("computers", "电子商务直播实训室", "数字技能 服务发展"),
            ),
            _week(
                Photo("event", "开放日当天，家长和考生参观实训基地"),
                Photo("event", "学生展示数控加工作品"),
                Photo("event", "技能大师工作室开放体验"),
            ),
        ),
        panoramas=(
            Panorama("morning", "中心广场（上午）"),
            Panorama("dusk", "中心广场（傍晚）"),
        ),
    ),
    HallProfile(
        school="山西铁道职业技术学院",
        domain="sxtd",
        tagline="铁路特色 安全为先",
        introduction=(
            "学校以铁路运输类专业为特色，面向铁路运输企业、城市轨道交通和地方铁路，培养机车乘务、"
            "供电、信号、线路维护和客运服务等岗位的技术技能人才。",
            "校内建有机车模拟驾驶、接触网检修、信号联锁和高铁客运服务等实训场所。模拟驾驶台还原"
            "线路场景，学生在教师指导下练习出乘作业标准和非正常情况下的应急处置。",
            "学校与铁路运输企业长期开展订单培养，企业技术骨干参与课程设计，学生在站段完成岗位实习，"
            "把纪律意识和安全意识贯穿在培养全过程。",
        ),
        majors=(
            Major("铁道机车运用与维护", HIGHER, 3, 180, "机车构造、操纵与检修。"),
            Major("铁道供电技术", HIGHER, 3, 120, "牵引变电所和接触网的运行与检修。"),
            Major("铁道信号自动控制", HIGHER, 3, 120, "信号设备维护与联锁系统。"),
            Major("铁道工程技术", HIGHER, 3, 100, "线路施工与养护。"),
            Major("城市轨道交通运营管理", HIGHER, 3, 90, "车站作业与行车组织。"),
            Major("高速铁路客运服务", HIGHER, 3, 90, "客运组织、服务礼仪与应急处置。"),
        ),
        enrolment=(
            "部分专业设有订单班，入学后按企业要求选拔组班，毕业后到合作企业就业。报考机车、供电和"
            "信号类专业的考生需符合相应岗位的体检要求。",
            "学校统一安排新生军训和入路教育，学生在校期间可考取相关职业技能等级证书。",
        ),
        phone="0351-0000001",
        address="山西省太原市万柏林区铁轨街 6 号",
        livestream=Livestream("快手", "机车模拟驾驶体验直播", 3, 15, 0),
        albums=(
            _campus(
                Photo("gate", "校门", "山西铁道职业技术学院"),
                Photo("building", "教学楼", "教学楼"),
                Photo("field", "运动场", "体育场"),
            ),
            _training(
                Photo("train", "机车检修实训库", "安全正点 规范作业"),
                Photo("train", "机车操纵实训", "标准作业 安全第一"),
                Photo("computers", "行车调度仿真实训室", "调度指挥 安全高效"),
            ),
            _week(
                Photo("event", "活动周开放日：市民体验模拟驾驶"),
                Photo("event", "学生展示接触网检修技能"),
            ),
        ),
        panoramas=(Panorama("noon", "校园中心广场"),),
    ),
    HallProfile(
        school="大同煤炭职业技术学院",
        domain="dtmt",
        tagline="安全开采 智慧矿山",
        introduction=(
            "学校立足大同能源基地办学，面向煤炭、电力和新能源企业，主要培养矿山开采、矿山机电、"
            "安全管理和工程测量等方面的技术技能人才。",
            "学校建有模拟矿井、综采工作面仿真实训室和矿山救护训练场，近年来围绕智能化矿山建设，"
            "增设了矿山智能装备运维、安全监测监控等实训项目。",
            "学校与多家能源企业开展校企合作，企业把新设备、新工艺带进课堂，也为学生提供岗位实习；"
            "学校同时面向企业职工开展安全培训和技能培训。",
        ),
        majors=(
            Major("智能采矿技术", HIGHER, 3, 150, "采煤工艺、智能综采装备与生产管理。"),
            Major("矿山机电与智能装备", HIGHER, 3, 150, "矿山设备的运行、维护与检修。"),
            Major("安全技术与管理", HIGHER, 3, 100, "安全监测监控、通风与应急救援。"),
            Major("工程测量技术", HIGHER, 3, 80, "矿山测量与地理信息数据处理。"),
            Major("光伏工程技术", HIGHER, 3, 60, "光伏电站的设计、安装与运维。"),
        ),
        enrolment=(
            "学校面向全国招生，部分专业与能源企业合作培养，学生入学即确定实习企业。",
            "学校设有奖学金、助学金和企业冠名奖学金，特殊工种实习期间按规定享受实习补助。",
        ),
        phone="0352-0000000",
        address="山西省大同市平城区能源路 21 号",
        livestream=Livestream("视频号", "开放日直播：走进模拟矿井", 1, 10, 0),
        albums=(
            _campus(
                Photo("building", "教学楼", "教学楼"),
                Photo("library", "图书馆", "图书馆"),
            ),
            _training(
                Photo("machines", "矿山机电设备实训室", "安全第一 预防为主"),
                Photo("computers", "安全监测监控实训中心", "智慧矿山 安全高效"),
                Photo("robots", "智能装备运维实训室", "智能装备 运维保障"),
            ),
            _week(
                Photo("event", "活动周启动仪式"),
                Photo("event", "矿山救护技能展示"),
            ),
        ),
        panoramas=(Panorama("afternoon", "校园广场（午后）"),),
    ),
    HallProfile(
        school="运城护理职业学院",
        domain="ychl",
        tagline="仁心仁术 护佑健康",
        introduction=(
            "学校是一所以护理、助产为主，医学技术和健康管理类专业协调发展的医学类高等职业院校，"
            "面向医院、养老机构和社区卫生服务中心培养技术技能人才。",
            "校内建有模拟病房、产房、手术室、康复治疗室和智慧养老实训中心，学生在高仿真模拟人上"
            "练习基础护理、急救和母婴护理操作，以赛促学、以赛促练。",
            "学校与区域内多家医院和养老机构合作，学生在临床带教老师指导下完成跟岗和顶岗实习；护理"
            "志愿服务队常年走进社区开展健康宣教。",
        ),
        majors=(
            Major("护理", HIGHER, 3, 300, "临床护理、社区护理和老年护理。"),
            Major("助产", HIGHER, 3, 120, "孕产期保健与母婴护理。"),
            Major("药学", HIGHER, 3, 100, "药品调剂、药品经营与合理用药指导。"),
            Major("康复治疗技术", HIGHER, 3, 100, "物理治疗、作业治疗和康复评定。"),
            Major("医学检验技术", HIGHER, 3, 80, "临床检验与检验仪器操作。"),
            Major("智慧健康养老服务与管理", HIGHER, 3, 60, "养老照护、健康管理和机构运营。"),
        ),
        enrolment=(
            "护理、助产专业学生毕业后可按规定报考护士执业资格考试。学校对报考护理类专业的考生无"
            "性别限制，欢迎男生报考。",
            "学生在校期间参加临床见习和不少于八个月的临床实习，实习医院由学校统一安排。",
        ),
        phone="0359-0000000",
        address="山西省运城市盐湖区杏林街 9 号",
        livestream=Livestream("抖音", "护理技能展示直播", 4, 19, 0),
        albums=(
            _campus(
                Photo("building", "教学楼", "教学楼"),
                Photo("gate", "学校正门", "运城护理职业学院"),
            ),
            _training(
                Photo("ward", "模拟病房", "仁心仁术 精益求精"),
                Photo("ward", "基础护理实训室", "敬佑生命 关爱患者"),
                Photo("ward", "智慧养老实训中心", "孝老爱亲 用心照护"),
            ),
            _week(
                Photo("event", "护理技能展示"),
                Photo("event", "志愿者走进社区开展健康宣教"),
            ),
        ),
        panoramas=(Panorama("dusk", "校园广场（傍晚）"),),
    ),
    HallProfile(
        school="山西机电职业技术学院",
        domain="sxjd",
        tagline="机电报国 技能成才",
        introduction=(
            "学校坐落于长治，面向装备制造、汽车和能源化工产业办学，机械制造、电气自动化和新能源"
            "汽车是学校的骨干专业。",
            "学校建有数控加工、焊接、模具制造和新能源汽车检测维修等实训中心，部分车间按照“教学"
            "工厂”模式运行，学生在生产性实训中承接企业的零件加工任务。",
            "学校与区域内装备制造企业共建实训基地和技能大师工作室，企业能工巧匠定期到校授课，"
            "学生通过订单班和学徒制项目进入合作企业。",
        ),
        majors=(
            Major("机械制造及自动化", HIGHER, 3, 160, "机械加工工艺与自动化生产线。"),
            Major("模具设计与制造", HIGHER, 3, 80, "冲压模、注塑模的设计与制造。"),
            Major("智能焊接技术", HIGHER, 3, 80, "焊接工艺、焊接机器人与质量检验。"),
            Major("电气自动化技术", HIGHER, 3, 120, "工业控制系统的安装与调试。"),
            Major("新能源汽车技术", HIGHER, 3, 120, "动力电池、电驱系统的检测与维修。"),
            Major("汽车检测与维修技术", HIGHER, 3, 100, "汽车故障诊断与维修服务。"),
        ),
        enrolment=(
            "学校面向全国招生，部分专业开设现代学徒制班，学生与合作企业签订培养协议，在校学习和"
            "在岗培养交替进行。",
            "新生报到时可办理生源地信用助学贷款；学校设有勤工助学岗位。",
        ),
        phone="0355-0000000",
        address="山西省长治市潞州区工匠大道 66 号",
        livestream=Livestream("快手", "数控与焊接技能展示", 5, 14, 30),
        albums=(
            _campus(
                Photo("building", "教学楼", "教学楼"),
                Photo("field", "运动场", "体育场"),
            ),
            _training(
                Photo("machines", "数控加工实训中心", "精益求精 追求卓越"),
                Photo("robots", "焊接机器人实训室", "规范操作 安全第一"),
                Photo("cars", "新能源汽车实训中心", "规范操作 安全第一"),
            ),
            _week(
                Photo("event", "开放校园：中学生体验焊接操作"),
                Photo("event", "合作企业技术人员进校园"),
            ),
        ),
    ),
    HallProfile(
        school="清徐县职业中学",
        domain="qxzz",
        tagline="立足清徐 服务乡村",
        introduction=(
            "学校是清徐县的公办中等职业学校，开设汽车运用与维修、电子商务、幼儿保育、计算机应用和"
            "食品生物工艺等专业，既为学生升学打基础，也为本地产业培养技能人才。",
            "依托本地的酿造和葡萄种植产业，学校与县内食品企业合作开设食品生物工艺专业，建有发酵"
            "检测实训室；电子商务专业的学生在直播实训室帮助农户推介本地农产品。",
            "学校坚持文化课、专业课和技能证书并重，学生可以通过对口升学、中高职贯通继续深造，也可以"
            "到合作企业就业。",
        ),
        majors=(
            Major("汽车运用与维修", SECONDARY, 3, 90, "汽车保养、检测与常见故障维修。"),
            Major("电子商务", SECONDARY, 3, 90, "网店美工、直播营销和客户服务。"),
            Major("幼儿保育", SECONDARY, 3, 80, "幼儿生活照料与保育活动。"),
            Major("计算机应用", SECONDARY, 3, 60, "办公软件、图形图像处理和网络基础。"),
            Major("食品生物工艺", SECONDARY, 3, 40, "酿造工艺与食品质量检验。"),
        ),
        enrolment=(
            "学校面向初中毕业生招生，按中考成绩和志愿录取；就读中职学校的全日制学生按规定享受免学费"
            "政策，符合条件的可享受国家助学金。",
            "学校设有对口升学班和就业班，新生入学后可根据意愿选择。",
        ),
        phone="0351-0000002",
        address="山西省太原市清徐县葡香路 12 号",
        livestream=Livestream("抖音", "电商专业学生直播推介清徐农产品", 6, 16, 0),
        albums=(
            _campus(
                Photo("building", "教学楼", "教学楼"),
                Photo("field", "运动场", "运动场"),
            ),
            _training(
                Photo("cars", "汽车维修实训车间", "规范操作 安全第一"),
                Photo("computers", "电子商务直播实训室", "数字技能 服务乡村"),
            ),
            _week(
                Photo("event", "活动周启动仪式"),
                Photo("event", "学生为村民提供家电维修服务"),
            ),
        ),
    ),
    HallProfile(
        school="晋中市卫生学校",
        domain="jzws",
        tagline="崇德尚技 服务健康",
        introduction=(
            "学校是晋中市属公办中等卫生职业学校，开设护理、助产、药剂、康复技术和口腔修复工艺等"
            "专业，为基层医疗卫生和康养机构培养技能型人才。",
            "学校建有护理、助产、药剂调剂和中医康复等实训室，实训室按医院病房和药房布局，学生在校"
            "期间反复练习基本操作，做到人人过关。",
            "学校与市内医院和康养机构合作开展见习和实习；师生志愿者定期走进社区，为老人测量血压、"
            "讲解安全用药知识。",
        ),
        majors=(
            Major("护理", SECONDARY, 3, 200, "基础护理与常见病护理。"),
            Major("助产", SECONDARY, 3, 60, "母婴护理与孕产期保健。"),
            Major("药剂", SECONDARY, 3, 80, "药品调剂与药品经营。"),
            Major("康复技术", SECONDARY, 3, 60, "康复评定与传统康复方法。"),
            Major("口腔修复工艺", SECONDARY, 3, 40, "义齿制作与口腔修复材料。"),
        ),
        enrolment=(
            "学校面向初中毕业生招生；护理、助产专业设有中高职贯通培养班，学生在校学习满五年可取得"
            "专科学历。",
            "全日制学生按规定享受免学费和国家助学金政策。",
        ),
        phone="0354-0000000",
        address="山西省晋中市榆次区康宁街 3 号",
        livestream=Livestream("视频号", "走进护理实训室：基础护理技能展示", 2, 10, 0),
        albums=(
            _campus(
                Photo("gate", "学校正门", "晋中市卫生学校"),
                Photo("building", "教学楼", "教学楼"),
            ),
            _training(
                Photo("ward", "护理实训室", "仁心仁术 精益求精"),
                Photo("ward", "中医康复实训室", "传承精华 守正创新"),
            ),
            _week(
                Photo("event", "护理礼仪展示"),
                Photo("event", "师生志愿者为社区老人测量血压"),
            ),
        ),
    ),
    HallProfile(
        school="太原技师学院",
        domain="tyjs",
        tagline="技能立身 匠心筑梦",
        introduction=(
            "学校是太原市属技工院校，实行工学一体化教学，开设数控加工、电气自动化设备安装与维修、"
            "汽车维修、焊接加工、工业机器人应用与维护和中式烹调等专业。",
            "学校按照企业真实工作任务设计课程，实训车间就是教室，学生在做中学、学中做。学校组织"
            "学生参加各级职业技能竞赛，获奖选手担任技能社团的小老师。",
            "学校与市内制造、汽车服务和餐饮企业开展校企双制办学，学生毕业时可取得相应的职业技能"
            "等级证书；学校同时面向社会开展职业技能培训。",
        ),
        majors=(
            Major("数控加工", TECHNICIAN, 5, 120, "初中起点高级工班。"),
            Major("电气自动化设备安装与维修", TECHNICIAN, 5, 80, "初中起点高级工班。"),
            Major("工业机器人应用与维护", TECHNICIAN, 5, 60, "初中起点高级工班。"),
            Major("汽车维修", TECHNICIAN, 3, 90, "初中起点中级工班。"),
            Major("焊接加工", TECHNICIAN, 3, 60, "初中起点中级工班。"),
            Major("中式烹调", TECHNICIAN, 3, 60, "初中起点中级工班。"),
        ),
        enrolment=(
            "学校常年招收初中、高中毕业生，中级工班学制三年，高级工班学制五年（初中起点）。",
            "学生毕业时可取得技工院校毕业证书和相应的职业技能等级证书，学校推荐就业。",
        ),
        phone="0351-0000003",
        address="山西省太原市尖草坪区技工路 5 号",
        livestream=Livestream("快手", "技能大赛选手现场展示", 3, 19, 0),
        albums=(
            _campus(
                Photo("building", "实训楼", "实训楼"),
                Photo("field", "运动场", "运动场"),
            ),
            _training(
                Photo("machines", "数控加工一体化教室", "工学一体 知行合一"),
                Photo("robots", "工业机器人工作站", "智能制造 技能报国"),
                Photo("cars", "汽车维修一体化教室", "规范操作 安全第一"),
            ),
            _week(
                Photo("event", "技能大赛获奖选手展示"),
                Photo("event", "开放日：市民体验焊接操作"),
            ),
        ),
        panoramas=(Panorama("overcast", "实训楼前广场"),),
    ),
)

DRAFT_SCHOOL = "山西信息职业技术学院"
DRAFT_TAGLINE = "信息赋能 技能成才"
DRAFT_INTRODUCTION = (
    "学校面向电子信息和数字经济产业办学，开设软件技术、大数据技术和物联网应用技术等专业。",
    "（展厅正在编辑中，图片和招生信息稍后补充。）",
)
DRAFT_MAJORS = (
    Major("软件技术", HIGHER, 3, 150),
    Major("大数据技术", HIGHER, 3, 100),
)
