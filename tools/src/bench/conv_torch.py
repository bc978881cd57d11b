"""PyTorch CPU twin of `pnpm bench conv`: the CIFAR-10 document's conv autoencoder, the same epoch in the same run.

Conv(3->16, 3x3, pad 1)-ReLU-MaxPool(2)-Conv(16->4, 3x3, pad 1)-ReLU-MaxPool(2)-ConvT(4->16, 2, stride 2)-ReLU-
ConvT(16->3, 2, stride 2)-Sigmoid, BCE, Adam 1e-3, batch 128, uniform [0, 1] images (NCHW, PyTorch's layout).
argv: samples threads repeat. Prints one JSON object: {"epochs": [{"seconds", "cpuSeconds", "loss"}], "detail"}.
"""
import sys

import torch

from torch_timing import time_epochs
import torch.nn as nn

samples, threads, repeat = (int(a) for a in sys.argv[1:4])
torch.set_num_threads(threads)
torch.manual_seed(1)
data = torch.rand(samples, 3, 32, 32)


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 4, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.t_conv1 = nn.ConvTranspose2d(4, 16, kernel_size=2, stride=2)
        self.t_conv2 = nn.ConvTranspose2d(16, 3, kernel_size=2, stride=2)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = torch.relu(self.t_conv1(x))
        return torch.sigmoid(self.t_conv2(x))


model = ConvAutoencoder()
loss_fn = nn.BCELoss()


time_epochs(model, loss_fn, data, samples, repeat)
