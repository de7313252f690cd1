"""What a shared link shows in chat apps and social sites: Open Graph and Twitter card values,
rendered by templates/includes/share_meta.html."""

from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class ShareMeta:
    """Absolute addresses only: a crawler reads the tags without the page around them."""

    title: str
    description: str
    url: str
    image: str = ""
    kind: str = "website"  # og:type: "website" or "article"


def page_share(
    request: HttpRequest, *, title: str, description: str, image: str = "", kind: str = "website"
) -> ShareMeta:
    """The share tags of the page being answered (its address without the query)."""
    return ShareMeta(
        title=title,
        description=description,
        url=request.build_absolute_uri(request.path),
        image=image,
        kind=kind,
    )
