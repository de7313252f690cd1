"""Featured stories for the publicity-column and sharing tests, made through the services."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from vocweek.campaigns.models import Campaign
from vocweek.orgs.models import Unit
from vocweek.reports import services
from vocweek.reports.enums import Category
from vocweek.reports.media import add_media
from vocweek.reports.models import Report

DAY_THREE = "2021-05-24T15:00+08:00"


def small_jpeg(colour: tuple[int, int, int] = (180, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (480, 320), colour).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


class Stories:
    """Files, adopts and features reports as the units and the province reviewer would."""

    def __init__(self, campaign: Campaign, reviewer, capture_on_commit) -> None:
        self.campaign = campaign
        self.reviewer = reviewer
        self.capture = capture_on_commit

    def adopted(
        self,
        unit: Unit,
        title: str,
        *,
        body: str = "<p>师生开放校园，展示数控技能。</p>",
        category: str = Category.NEWS,
        focus: str = "",
        photo: bool = True,
        caption: str = "学生展示数控加工",
    ) -> Report:
        content = services.ReportContent(title=title, body=body, category=category, focus=focus)
        report = services.create_report(
            campaign=self.campaign, unit=unit, author=self.reviewer, content=content
        )
        if photo:
            with self.capture(execute=True):
                add_media(
                    report=report,
                    upload=SimpleUploadedFile("photo.jpg", small_jpeg(), "image/jpeg"),
                    caption=caption,
                    actor=self.reviewer,
                )
        report = services.submit_report(report=report, actor=self.reviewer, version=report.version)
        return services.adopt_report(report=report, actor=self.reviewer, version=report.version)

    def feature(self, report: Report) -> Report:
        return services.feature_report(
            report=report,
            actor=self.reviewer,
            version=report.version,
            cover=report.media.order_by("position").first(),
        )

    def featured(self, unit: Unit, title: str, **options) -> Report:
        return self.feature(self.adopted(unit, title, **options))
