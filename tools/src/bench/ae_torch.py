"""PyTorch CPU twin of `pnpm bench ae`'s model step, for a like-for-like figure in the same run.

784-1000-784 sigmoid autoencoder, BCE from logits, Adam 1e-3, batch 128, uniform [0, 1] data, Glorot-uniform
init. argv: samples threads repeat. Prints one JSON object: {"epochs": [{"seconds", "cpuSeconds", "loss"}], "detail"}.
"""
import sys

import torch

from torch_timing import time_epochs

samples, threads, repeat = (int(a) for a in sys.argv[1:4])
torch.set_num_threads(threads)
torch.manual_seed(1)
data = torch.rand(samples, 784)
model = torch.nn.Sequential(torch.nn.Linear(784, 1000), torch.nn.Sigmoid(), torch.nn.Linear(1000, 784))
for layer in (model[0], model[2]):
    torch.nn.init.xavier_uniform_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
loss_fn = torch.nn.BCEWithLogitsLoss()


time_epochs(model, loss_fn, data, samples, repeat)
