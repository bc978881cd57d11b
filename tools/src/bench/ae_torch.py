"""PyTorch CPU twin of `pnpm bench ae`'s model step, for a like-for-like figure in the same run.

784-1000-784 sigmoid autoencoder, BCE from logits, Adam 1e-3, batch 128, uniform [0, 1] data, Glorot-uniform
init. argv: samples threads repeat. Prints one JSON object: {"epochs": [{"seconds", "cpuSeconds", "loss"}], "detail"}.
"""
import json
import sys
import time

import torch

samples, threads, repeat = (int(a) for a in sys.argv[1:4])
torch.set_num_threads(threads)
torch.manual_seed(1)
data = torch.rand(samples, 784)
model = torch.nn.Sequential(torch.nn.Linear(784, 1000), torch.nn.Sigmoid(), torch.nn.Linear(1000, 784))
for layer in (model[0], model[2]):
    torch.nn.init.xavier_uniform_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
loss_fn = torch.nn.BCEWithLogitsLoss()


def epoch(n):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = None
    for start in range(0, n, 128):
        x = data[start:start + 128]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), x)
        loss.backward()
        optimizer.step()
    return float(loss)


epoch(min(samples, 256))
epochs = []
for _ in range(repeat):
    cpu = time.process_time()
    t0 = time.perf_counter()
    loss = epoch(samples)
    epochs.append({"seconds": time.perf_counter() - t0, "cpuSeconds": time.process_time() - cpu, "loss": loss})
print(json.dumps({"epochs": epochs, "detail": f"torch {torch.__version__}, {torch.get_num_threads()} threads"}))
