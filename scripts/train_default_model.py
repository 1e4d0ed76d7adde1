"""Train the packaged default model (scsmine.linear.v1) on all labelled data.

Usage: python scripts/train_default_model.py [--shared ../shared] [--data tests/data/gold]
       [-o scsmine/tag/data/linear-v1.json.gz]

Trains with the default recipe (:class:`scsmine.tag.train.TrainConfig`) on every
labelled passage it loads: shared gold, corpus references and the authored
passages (``authored.jsonl`` and ``authored2.jsonl``; the recipe gives English
authored passages weight 0, see docs/tagging.md). Held-out figures for this
recipe come from `python -m scsmine.tag` (grouped cross-validation), not from
this model, which has seen all the data. Prints the line counts it trained on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scsmine.tag.dataset import load_all
from scsmine.tag.train import fit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--data", type=Path, default=Path("tests/data/gold"))
    parser.add_argument("-o", "--output", type=Path, default=Path("scsmine/tag/data/linear-v1.json.gz"))
    parser.add_argument("--release", default="1")
    args = parser.parse_args()
    examples = load_all(args.data, args.shared)
    fitted = fit(examples, release=args.release)
    version = fitted.model.save(args.output)
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes), version {version}, "
          f"{len(examples)} passages loaded, {fitted.model.meta['passages']} used "
          f"{fitted.model.meta['by_source']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
