#!/usr/bin/env python3
"""scikit-learn reference for the Localizers tests.

Usage: sklearn_reference.py TRAIN.csv TEST.csv [--k K] [--trees N] [--seed S] [--min-samples-leaf M]

Reads two fingerprint CSVs in the FingerprintTable convention (x_m, y_m, feature columns, optional split) and
prints one JSON object on stdout:
  sklearn_version   the installed scikit-learn version
  wknn              [[x, y], ...] from StandardScaler (fitted on TRAIN) + KNeighborsRegressor(k, weights="distance")
  rf_accuracy       accuracy of RandomForestClassifier(n_estimators=N, max_features="sqrt", min_samples_leaf=M,
                    bootstrap=True) on the same standardised features; classes are the distinct (x, y) reference points
Exit status 3 with a message naming `pip install scikit-learn` if scikit-learn is missing.
"""
import argparse
import csv
import json
import sys

try:
    import numpy as np
    from sklearn import __version__ as sklearn_version
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.neighbors import KNeighborsRegressor
    from sklearn.preprocessing import StandardScaler
except ImportError as error:  # the Swift test turns this into a failure that says what to install
    print(f"scikit-learn is not importable ({error}); run: pip install scikit-learn", file=sys.stderr)
    sys.exit(3)


def read_table(path):
    """Returns (features [n, f], xy [n, 2]) with feature columns in header order."""
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    header = [name.strip() for name in rows[0]]
    feature_columns = [i for i, name in enumerate(header) if name not in ("x_m", "y_m", "split")]
    x_column, y_column = header.index("x_m"), header.index("y_m")
    data = [row for row in rows[1:] if row and any(field.strip() for field in row)]
    features = np.array([[float(row[i]) for i in feature_columns] for row in data])
    xy = np.array([[float(row[x_column]), float(row[y_column])] for row in data])
    return features, xy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("train")
    parser.add_argument("test")
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-samples-leaf", type=int, default=1)
    args = parser.parse_args()

    train_features, train_xy = read_table(args.train)
    test_features, test_xy = read_table(args.test)

    scaler = StandardScaler().fit(train_features)
    knn = KNeighborsRegressor(n_neighbors=args.k, weights="distance", algorithm="brute")
    knn.fit(scaler.transform(train_features), train_xy)
    wknn = knn.predict(scaler.transform(test_features))

    # Reference-point classes: the distinct (x, y) pairs, rounded to 1 µm like the Swift CoordinateForest.
    def labels(xy):
        return [f"{round(x * 1e6)},{round(y * 1e6)}" for x, y in xy]

    forest = RandomForestClassifier(
        n_estimators=args.trees, max_features="sqrt", min_samples_leaf=args.min_samples_leaf, bootstrap=True,
        random_state=args.seed, n_jobs=1)
    # The forest gets z-scored features too. Trees are invariant to per-feature monotone rescaling, but
    # scikit-learn's splitter treats values closer than FEATURE_THRESHOLD = 1e-7 as equal, so on raw ToA in
    # seconds (differences ~1e-9 s) it could never split on ToA. The Swift trees compare values exactly.
    forest.fit(scaler.transform(train_features), labels(train_xy))
    predicted = forest.predict(scaler.transform(test_features))
    accuracy = float(np.mean(predicted == np.array(labels(test_xy))))

    json.dump({"sklearn_version": sklearn_version, "wknn": wknn.tolist(), "rf_accuracy": accuracy}, sys.stdout)


if __name__ == "__main__":
    main()
