"""Report bodies come from the outside world: only text structure and safe links survive."""

import pytest

from vocweek.reports.sanitising import clean_body


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>技能<script>alert(1)</script>成才</p>", "<p>技能成才</p>"),
        ('<p onclick="steal()" style="color:red">开放校园</p>', "<p>开放校园</p>"),
        ('<img src="x" onerror="steal()">照片', "照片"),
        ('<iframe src="https://elsewhere.example/player"></iframe>直播', "直播"),
        ("<svg><script>alert(1)</script></svg>矢量", "矢量"),
        (
            '<a href="javascript:alert(1)">点我</a>',
            '<a rel="noopener noreferrer nofollow">点我</a>',
        ),
        ('<a href="data:text/html,x">点我</a>', '<a rel="noopener noreferrer nofollow">点我</a>'),
        ("<style>p{display:none}</style><p>可见</p>", "<p>可见</p>"),
        ("<!-- 注释 --><p>正文</p>", "<p>正文</p>"),
        ('<form action="https://x"><input name="a"></form>表单', "表单"),
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    assert clean_body(dirty) == clean


def test_text_structure_and_safe_links_are_kept():
    html = (
        "<h3>活动概况</h3><p><strong>5月22日</strong>，学院举行<em>开放日</em>。</p>"
        '<ul><li>数控</li><li>汽修</li></ul><p><a href="https://www.example.edu.cn/news/1">原文</a></p>'
    )
    assert clean_body(html) == html.replace(
        '<a href="https://www.example.edu.cn/news/1">',
        '<a href="https://www.example.edu.cn/news/1" rel="noopener noreferrer nofollow">',
    )
