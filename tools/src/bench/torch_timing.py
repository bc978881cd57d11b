"""The timed epochs shared by the PyTorch twins of `pnpm bench ae` and `pnpm bench conv`: Adam 1e-3, batch 128."""
import json
import time

import torch


def time_epochs(model, loss_fn, data, samples, repeat):
    """Prints {"epochs": [{"seconds", "cpuSeconds", "loss"}], "detail"} after a warm-up epoch."""

    def epoch(n):
        # A fresh optimizer per epoch, as aelab's bench starts each epoch with new Adam slots.
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
