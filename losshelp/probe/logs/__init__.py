"""Loss logs: read CSV / TSV / JSON lines / Lightning metrics.csv / TensorBoard into series, and measure them."""

from losshelp.probe.logs.read import read_log
from losshelp.probe.logs.series import LossLog, Series

__all__ = ["LossLog", "Series", "read_log"]
