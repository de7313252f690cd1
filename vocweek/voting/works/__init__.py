"""Works collections (作品征集): the organiser calls for works in categories with a deadline,
units submit entries (a video, photos or an essay, with their authors), assigned judges score them
blind on a rubric, the organiser awards prizes from the ranking and publishes the winners.

Part of `voting` (DESIGN.md §4); its models are imported at the end of `voting/models.py` and its
permissions at the end of `voting/rules.py`.
"""
