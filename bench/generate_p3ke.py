"""Write a realistic P3KE-style file for the benchmark (deterministic for a seed).

python bench/generate_p3ke.py --rows 1000000 --out bench/data/p3ke-1m.csv
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jaring.registry.samples import write_csv  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20250819)
    parser.add_argument("--defect-rate", type=float, default=0.01)
    parser.add_argument("--out", type=Path, default=Path("bench/data/p3ke-1m.csv"))
    args = parser.parse_args()
    defects = write_csv(args.out, args.rows, args.seed, args.defect_rate)
    print(f"{args.rows:,} rows -> {args.out} ({len(defects):,} defective rows)")


if __name__ == "__main__":
    main()
