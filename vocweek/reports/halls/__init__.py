"""Online exhibition halls (线上展厅 / 线上逛校园 / 网上开放日): one showcase page per school.

The school edits its hall in the console (introduction, majors and enrolment, photo albums, videos,
360° panoramas, links to its topic website and livestreams) and publishes it; the public tours it
from the directory of halls by city and kind. Part of `reports` (DESIGN.md §4): a hall also shows
the school's featured stories, and its media are checked and rendered like a report's.
"""
