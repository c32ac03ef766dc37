"""cleanlab's find_label_issues on the labels and embeddings written by `winnow-bench dedup-audit`.

Usage: cleanlab_issues.py EMBEDDINGS.f32 LABELS.json OUT.json [--C 1.0] [--folds 5]

EMBEDDINGS.f32 holds the float32 embeddings row by row; LABELS.json has "dimension" and "labels" (one string per
row). Out-of-fold probabilities come from scikit-learn's LogisticRegression (lbfgs, max_iter 1000) under a
stratified 5-fold split; issues from cleanlab.filter.find_label_issues(filter_by="prune_by_noise_rate"). Writes
{"issues": [row, ...], "summary": "..."} to OUT.json. Used only for the side-by-side benchmark.
"""
import argparse
import json
import time

import cleanlab
import numpy as np
import sklearn
from cleanlab.filter import find_label_issues
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

parser = argparse.ArgumentParser()
parser.add_argument("embeddings")
parser.add_argument("labels")
parser.add_argument("output")
parser.add_argument("--C", type=float, default=1.0)
parser.add_argument("--folds", type=int, default=5)
args = parser.parse_args()

meta = json.load(open(args.labels))
features = np.fromfile(args.embeddings, dtype=np.float32).reshape(-1, int(meta["dimension"]))
names = sorted(set(meta["labels"]))
labels = np.array([names.index(label) for label in meta["labels"]])

started = time.perf_counter()
cpu = time.process_time()
folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0)
probabilities = cross_val_predict(
    LogisticRegression(C=args.C, max_iter=1000), features, labels, cv=folds, method="predict_proba")
fitted = time.perf_counter()
issues = find_label_issues(labels, probabilities, filter_by="prune_by_noise_rate")
finished = time.perf_counter()

accuracy = float((probabilities.argmax(axis=1) == labels).mean())
summary = (
    f"cleanlab {cleanlab.__version__}, scikit-learn {sklearn.__version__}: out-of-fold fit {fitted - started:.1f} s, "
    f"find_label_issues {finished - fitted:.1f} s, {time.process_time() - cpu:.1f} s CPU; "
    f"out-of-fold accuracy {accuracy:.3f}"
)
json.dump({"issues": [int(row) for row in np.flatnonzero(issues)], "summary": summary}, open(args.output, "w"))
print(summary)
