"""The recipe of `winnow-bench train`, done with peft + PyTorch on the CPU, for a side-by-side measurement.

LoRA (r, alpha, targets as given) on Hugging Face's BertModel, mean pooling over the attention mask, a linear head
on the pooled vector (fitted first on frozen embeddings with scikit-learn's LogisticRegression, C=1, as Winnow's
linear probe), cross-entropy, AdamW (weight decay on everything but biases), linear warm-up then linear decay,
global gradient-norm clipping at 1, length-sorted batches in shuffled order with dynamic padding.

    THREADS=2 python peft_train.py MODEL_DIR train.csv test.csv [--epochs 5] [--max-steps N] [--lr 1e-3]

With --max-steps the run stops after N optimiser steps and the epoch time is extrapolated from them (said so in
the output). Prints seconds per epoch, examples/s, and test accuracy when whole epochs ran.
"""
import argparse
import csv
import os
import random
import time

import torch
from peft import LoraConfig, get_peft_model
from sklearn.linear_model import LogisticRegression
from transformers import BertModel, BertTokenizerFast

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("train")
parser.add_argument("test")
parser.add_argument("--epochs", type=int, default=5)
parser.add_argument("--max-steps", type=int, default=0)
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--weight-decay", type=float, default=0.01)
parser.add_argument("--warmup", type=float, default=0.1)
parser.add_argument("--rank", type=int, default=16)
parser.add_argument("--alpha", type=float, default=32)
parser.add_argument("--targets", default="query,key,value,attention.output.dense,intermediate.dense,output.dense")
parser.add_argument("--max-length", type=int, default=128)
parser.add_argument("--no-linear-probe", action="store_true")
parser.add_argument("--batch-order", choices=["length-sorted", "shuffled"], default="length-sorted",
                    help="length-sorted: group_by_length-style batches (least padding); shuffled: random batches "
                         "padded to their longest text (the Trainer's default sampler and DataCollatorWithPadding)")
parser.add_argument("--seed", type=int, default=42)
parser.add_argument("--save", default=None, help="save the adapter here (save_pretrained)")
args = parser.parse_args()

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
torch.manual_seed(args.seed)
random.seed(args.seed)


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["category"] for row in rows]


train_texts, train_labels = read(args.train)
test_texts, test_labels = read(args.test)
labels = sorted(set(train_labels))
index = {label: position for position, label in enumerate(labels)}
tokenizer = BertTokenizerFast.from_pretrained(args.model)
model = BertModel.from_pretrained(args.model)
train_ids = tokenizer(train_texts, truncation=True, max_length=args.max_length)["input_ids"]
train_y = torch.tensor([index[label] for label in train_labels])


def pooled(encoder, texts, batch=64):
    vectors = []
    with torch.no_grad():
        for start in range(0, len(texts), batch):
            encoded = tokenizer(texts[start:start + batch], truncation=True, max_length=args.max_length,
                                padding=True, return_tensors="pt")
            states = encoder(**encoded).last_hidden_state
            mask = encoded["attention_mask"].unsqueeze(-1).float()
            vectors.append((states * mask).sum(1) / mask.sum(1))
    return torch.cat(vectors)


head = torch.nn.Linear(model.config.hidden_size, len(labels))
started = time.perf_counter()
if not args.no_linear_probe:
    probe = LogisticRegression(C=1.0, max_iter=200).fit(pooled(model, train_texts).numpy(), train_y.numpy())
    with torch.no_grad():
        head.weight.copy_(torch.tensor(probe.coef_, dtype=torch.float32))
        head.bias.copy_(torch.tensor(probe.intercept_, dtype=torch.float32))
probe_seconds = time.perf_counter() - started

config = LoraConfig(r=args.rank, lora_alpha=args.alpha, target_modules=args.targets.split(","), lora_dropout=0.0,
                    bias="none")
model = get_peft_model(model, config)
parameters = [p for p in model.parameters() if p.requires_grad] + list(head.parameters())
decay = [p for p in parameters if p.dim() > 1]
no_decay = [p for p in parameters if p.dim() <= 1]
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                               {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
steps_per_epoch = (len(train_ids) + args.batch_size - 1) // args.batch_size
total_steps = steps_per_epoch * args.epochs
warmup = int(args.warmup * total_steps)
schedule = torch.optim.lr_scheduler.LambdaLR(
    optimizer, lambda step: (step + 1) / warmup if step < warmup else max(0, total_steps - step) / max(1, total_steps - warmup))


def batches():
    order = list(range(len(train_ids)))
    random.shuffle(order)
    if args.batch_order == "length-sorted":
        order.sort(key=lambda i: len(train_ids[i]))
    chunks = [order[i:i + args.batch_size] for i in range(0, len(order), args.batch_size)]
    if args.batch_order == "length-sorted":
        random.shuffle(chunks)
    return chunks


print(f"threads {torch.get_num_threads()}, {len(train_ids)} training examples, {steps_per_epoch} steps per epoch, "
      f"{args.batch_order} batches, torch {torch.__version__}, linear probe {probe_seconds:.1f} s")
step = 0
epoch_seconds = []
for epoch in range(args.epochs):
    model.train()
    start = time.perf_counter()
    cpu = time.process_time()
    done = 0
    for batch in batches():
        encoded = tokenizer.pad({"input_ids": [train_ids[i] for i in batch]}, return_tensors="pt")
        states = model(**encoded).last_hidden_state
        mask = encoded["attention_mask"].unsqueeze(-1).float()
        logits = head((states * mask).sum(1) / mask.sum(1))
        loss = torch.nn.functional.cross_entropy(logits, train_y[batch])
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimizer.step()
        schedule.step()
        step += 1
        done += 1
        if args.max_steps and done >= args.max_steps:
            break
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    if args.max_steps and done < steps_per_epoch:
        per_epoch = seconds / done * steps_per_epoch
        print(f"{done} steps in {seconds:.1f} s ({cpu:.1f} s CPU): {per_epoch:.1f} s per epoch extrapolated "
              f"({len(batch) * done / seconds:.1f} examples/s)")
        raise SystemExit(0)
    epoch_seconds.append(seconds)
    print(f"epoch {epoch + 1}: {seconds:.1f} s ({cpu:.1f} s CPU), {len(train_ids) / seconds:.1f} examples/s, "
          f"last loss {loss.item():.4f}", flush=True)

model.eval()
predictions = head(pooled(model, test_texts)).argmax(1).tolist()
accuracy = sum(labels[p] == t for p, t in zip(predictions, test_labels)) / len(test_labels)
print(f"test accuracy {accuracy:.4f}; {sum(epoch_seconds) / len(epoch_seconds):.1f} s per epoch; "
      f"total {time.perf_counter() - started:.1f} s")
if args.save:
    model.save_pretrained(args.save)
