"""Synthetic loss curves with known answers (seeded noise), shared by the log-probe tests."""

from __future__ import annotations

import numpy as np


def noisy(y: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    """Multiplicative log-normal noise: minibatch losses scatter in proportion to their level."""
    return y * np.exp(np.random.default_rng(seed).normal(0.0, sigma, y.size))


def t(n: int = 200) -> np.ndarray:
    return np.linspace(0.0, 1.0, n)


def healthy(n: int = 200, sigma: float = 0.03, seed: int = 0) -> np.ndarray:
    """A smooth slide: exponential-like decay from 2.3 that is still falling at the end."""
    return noisy(0.1 + 2.2 * np.exp(-2.5 * t(n)), sigma, seed)


def plateau(n: int = 200, sigma: float = 0.02, seed: int = 0) -> np.ndarray:
    """Drops fast in the first tenth, then flat at 1.2 (half the start): source 002's purple line."""
    return noisy(1.2 + 1.1 * np.exp(-30 * t(n)), sigma, seed)


def slow(n: int = 200, sigma: float = 0.01, seed: int = 0) -> np.ndarray:
    """Falls slowly and evenly: 2.3 to 1.6 along a straight line (source 002's yellow line)."""
    return noisy(2.3 - 0.7 * t(n), sigma, seed)


def rise_first(n: int = 200, sigma: float = 0.03, seed: int = 0) -> np.ndarray:
    """Climbs from 2.3 to ~4 in the first fifth, then wanders down a little (source 002's red line)."""
    x = t(n)
    return noisy(2.3 + 1.8 * np.sin(np.pi * np.clip(x / 0.4, 0, 1)) ** 2 * (x < 0.2) + 1.7 * (x >= 0.2) - 0.5 * x, sigma, seed)


def flat(n: int = 200, level: float = 2.3026, sigma: float = 0.01, seed: int = 0) -> np.ndarray:
    return noisy(np.full(n, level), sigma, seed)


def rising(n: int = 200, sigma: float = 0.03, seed: int = 0) -> np.ndarray:
    return noisy(1.0 * np.exp(1.5 * t(n)), sigma, seed)


def oscillating(n: int = 200, seed: int = 0) -> np.ndarray:
    """Swings by a factor of ~3 around 2 with no trend (binned noise far above 15 %)."""
    return noisy(np.full(n, 2.0), 0.6, seed)
