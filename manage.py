#!/usr/bin/env python
"""Developer shortcut; the installed `vocweek` command does the same."""

from vocweek.manage import main

if __name__ == "__main__":
    main()
