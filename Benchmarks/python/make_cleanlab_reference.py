"""Writes Fixtures/reference/cleanlab-reference.json: cleanlab's confident joint and prune_by_noise_rate issues on
seeded random probabilities, the golden output WinnowAudit's ConfidentLearning is tested against.

Usage: make_cleanlab_reference.py OUT.json   (needs numpy and cleanlab; not needed to build or test Winnow)
"""
import json
import sys

import cleanlab
import numpy as np
from cleanlab.count import compute_confident_joint
from cleanlab.filter import find_label_issues

rng = np.random.default_rng(3)
n, classes = 240, 4
labels = rng.integers(0, classes, n)
probabilities = rng.dirichlet(np.ones(classes) * 0.6, n)
for row in range(n):
    if rng.random() < 0.8:
        probabilities[row, labels[row]] += 1.5  # the model mostly agrees with the labels
probabilities = probabilities / probabilities.sum(1, keepdims=True)
probabilities = np.round(probabilities, 6)
probabilities = probabilities / probabilities.sum(1, keepdims=True)
# The values Swift reads as Float, so both sides see the same numbers.
probabilities = np.round(probabilities, 7).astype(np.float32).astype(np.float64)

issues = find_label_issues(labels, probabilities, filter_by="prune_by_noise_rate")
joint = compute_confident_joint(labels, probabilities, calibrate=True)
json.dump(
    {
        "source": f"cleanlab {cleanlab.__version__} find_label_issues(filter_by='prune_by_noise_rate') and "
        "compute_confident_joint(calibrate=True) on seeded random probabilities "
        "(Benchmarks/python/make_cleanlab_reference.py)",
        "labels": labels.tolist(),
        "probabilities": [[float(value) for value in row] for row in probabilities],
        "issues": np.flatnonzero(issues).tolist(),
        "joint": joint.tolist(),
    },
    open(sys.argv[1], "w"),
)
