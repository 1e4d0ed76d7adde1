"""``python -m scsmine.tag``: the held-out evaluation (``make eval``); see :mod:`scsmine.tag.evaluation`."""

from scsmine.tag.evaluation import main

raise SystemExit(main())
