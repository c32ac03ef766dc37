"""Checks that Python's peft loads an adapter directory written by Winnow and computes what Winnow computes.

    python check_peft_load.py MODEL_DIR ADAPTER_DIR WINNOW_BENCH WINNOW

1. Loads the base BertModel from MODEL_DIR and the adapter with PeftModel.from_pretrained(model, ADAPTER_DIR).
2. Embeds a few texts (mean pooling over the attention mask, then L2 normalisation) and compares them with
   `winnow-bench adapter-embed` (Winnow's fused model): cosine >= 0.99999 and max abs diff <= 1e-4 required.
3. Applies the head of head.safetensors (normalising first if its metadata says so, times logit_scale) and compares
   the class probabilities with `winnow predict --json` (max abs diff <= 1e-4).
Exits non-zero on a mismatch.
"""
import json
import subprocess
import sys

import torch
from peft import PeftModel
from safetensors import safe_open
from transformers import BertModel, BertTokenizerFast

model_dir, adapter_dir, bench, winnow = sys.argv[1:5]
texts = [
    "I was charged twice for my order, please refund one of the charges.",
    "Can't log in after password reset!!!",
    "my card still hasn't arrived after two weeks",
    "Why is there a fee on my transfer?",
    "你好，我的订单还没有到。",
]
tokenizer = BertTokenizerFast.from_pretrained(model_dir)
model = PeftModel.from_pretrained(BertModel.from_pretrained(model_dir), adapter_dir).eval()
encoded = tokenizer(texts, padding=True, truncation=True, max_length=256, return_tensors="pt")
with torch.no_grad():
    states = model(**encoded).last_hidden_state
mask = encoded["attention_mask"].unsqueeze(-1).float()
pooled = (states * mask).sum(1) / mask.sum(1)
normalised = torch.nn.functional.normalize(pooled, dim=1)

winnow_vectors = torch.tensor(json.loads(subprocess.check_output([bench, "adapter-embed", "--adapter", adapter_dir, *texts])))
cosines = torch.nn.functional.cosine_similarity(normalised, winnow_vectors, dim=1)
difference = (normalised - winnow_vectors).abs().max().item()
print(f"embeddings: min cosine {cosines.min().item():.7f}, max abs diff {difference:.2e}")
ok = cosines.min().item() >= 0.99999 and difference <= 1e-4

with safe_open(f"{adapter_dir}/head.safetensors", "pt") as handle:
    weight, bias, metadata = handle.get_tensor("weight"), handle.get_tensor("bias"), handle.metadata()
inputs = normalised if metadata["normalize"] == "true" else pooled
probabilities = torch.softmax(float(metadata["logit_scale"]) * inputs @ weight.T + bias, dim=1)
labels = json.load(open(f"{adapter_dir}/labels.json"))
report = json.loads(subprocess.check_output(
    [winnow, "predict", "--json", "--top", str(len(labels)), "--adapter", adapter_dir, *texts]))
worst = 0.0
for row, prediction in enumerate(report["predictions"]):
    for entry in prediction["top"]:
        worst = max(worst, abs(entry["probability"] - probabilities[row, labels.index(entry["label"])].item()))
    same = prediction["label"] == labels[probabilities[row].argmax().item()]
    ok = ok and same
print(f"head probabilities: max abs diff {worst:.2e} (winnow rounds to 1e-4); top labels agree: {ok}")
ok = ok and worst <= 1e-4
print("peft loads the Winnow adapter and agrees" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
