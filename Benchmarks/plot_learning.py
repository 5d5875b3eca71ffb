"""Learning curves of two builds, 3 seeds each: PPO episodic return against env steps, from `sensing-gym train` CSVs.

Usage: python Benchmarks/plot_learning.py --base RUN_DIR... --new RUN_DIR... --png OUT.png --csv OUT.csv
Each RUN_DIR holds a train.csv (CleanRL metric names). The plot shows each build's seeds and the base build's seed
spread (min–max over seeds of a 10-iteration moving average); the CSV has the same smoothed curves and, per build,
the share of the new build's points that lie inside the base spread.
"""
import argparse
import csv


def curve(directory):
    steps, returns = [], []
    with open(f"{directory}/train.csv") as handle:
        for row in csv.DictReader(handle):
            value = row["charts/episodic_return"]
            if value not in ("", "nan"):
                steps.append(int(row["global_step"]))
                returns.append(float(value))
    smoothed = [sum(returns[max(0, i - 9): i + 1]) / len(returns[max(0, i - 9): i + 1]) for i in range(len(returns))]
    return steps, smoothed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", nargs="+", required=True)
    parser.add_argument("--new", nargs="+", required=True)
    parser.add_argument("--png")
    parser.add_argument("--csv", required=True)
    parser.add_argument("--title", default="PPO 64-64, BeamSelection wrf-room-8x6: main vs throughput build")
    args = parser.parse_args()
    base = [curve(d) for d in args.base]
    new = [curve(d) for d in args.new]
    steps = base[0][0]
    length = min(len(c[1]) for c in base + new)
    steps = steps[:length]
    low = [min(c[1][i] for c in base) for i in range(length)]
    high = [max(c[1][i] for c in base) for i in range(length)]
    inside = sum(1 for c in new for i in range(length) if low[i] <= c[1][i] <= high[i]) / (len(new) * length)
    # Points in the second half, where the curves have settled.
    half = range(length // 2, length)
    inside_late = sum(1 for c in new for i in half if low[i] <= c[1][i] <= high[i]) / (len(new) * len(half))
    with open(args.csv, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["global_step"] + [f"main_seed{i + 1}" for i in range(len(base))]
                        + [f"new_seed{i + 1}" for i in range(len(new))])
        for i in range(length):
            writer.writerow([steps[i]] + [f"{c[1][i]:.4f}" for c in base] + [f"{c[1][i]:.4f}" for c in new])
    finals_base = [c[1][length - 1] for c in base]
    finals_new = [c[1][length - 1] for c in new]
    print(f"final smoothed return: main {min(finals_base):.2f}..{max(finals_base):.2f}, new {min(finals_new):.2f}..{max(finals_new):.2f}")
    print(f"new-build points inside main's seed spread: {100 * inside:.0f}% overall, {100 * inside_late:.0f}% in the second half")
    if args.png:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4))
        ax.fill_between(steps, low, high, color="0.8", label="main: seed spread")
        for i, c in enumerate(base):
            ax.plot(steps, c[1][:length], color="0.45", lw=1, label="main seeds" if i == 0 else None)
        for i, c in enumerate(new):
            ax.plot(steps, c[1][:length], color="tab:blue", lw=1.2, label="throughput build seeds" if i == 0 else None)
        ax.set_xlabel("env steps")
        ax.set_ylabel("episodic return (10-iteration mean)")
        ax.set_title(args.title, fontsize=10)
        ax.legend(loc="lower right")
        fig.tight_layout()
        fig.savefig(args.png, dpi=120)


if __name__ == "__main__":
    main()
