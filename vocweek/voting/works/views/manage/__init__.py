"""Works collections in the console: the organiser's pages (`collections`, `review`), the units'
entries (`units`) and the judges' scoring (`judging`). A page or object the user may not have
answers 404.
"""
