"""The Lightning and transformers callbacks against the real libraries (skipped, saying why, where
a library does not import): an injected bug fires, a healthy twin stays quiet."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from losshelp.watch.runfolder import read_run

pytestmark = [pytest.mark.torch, pytest.mark.slow]


def _lightning_run(tmp_path, bug: bool):
    pl = pytest.importorskip("lightning.pytorch", reason="the lightning extra is not installed")
    from losshelp.watch.lightning import LosshelpCallback

    class Net(pl.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.body = nn.Sequential(nn.Linear(8, 16), nn.ReLU())
            self.head = nn.Linear(16, 2)

        def training_step(self, batch, batch_idx):
            x, y = batch
            return nn.functional.cross_entropy(self.head(self.body(x)), y)

        def configure_optimizers(self):
            params = self.body.parameters() if bug else self.parameters()  # the bug: the head is left out
            return torch.optim.SGD(params, lr=0.05)

    g = torch.Generator().manual_seed(0)
    x = torch.randn(128, 8, generator=g)
    data = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, (x[:, 0] > 0).long()), batch_size=16, shuffle=True, generator=g)
    callback = LosshelpCallback(log_dir=str(tmp_path / "run"), print_summary=False)
    trainer = pl.Trainer(max_steps=12, accelerator="cpu", logger=False, enable_checkpointing=False,
                         enable_progress_bar=False, enable_model_summary=False, callbacks=[callback])
    trainer.fit(Net(), data)
    return read_run(tmp_path / "run")


def test_lightning_callback_finds_a_parameter_left_out(tmp_path):
    record = _lightning_run(tmp_path, bug=True)
    assert record.facts["params_not_optimized"] == "yes"
    assert record.closed and record.steps == 12


def test_lightning_callback_healthy_twin_is_quiet(tmp_path):
    record = _lightning_run(tmp_path, bug=False)
    assert record.alerts == [] and record.facts["params_not_optimized"] == "no"


def _hf_run(tmp_path, lr: float):
    transformers = pytest.importorskip("transformers", reason="the hf extra is not installed")
    from losshelp.watch.huggingface import LosshelpTrainerCallback

    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=40, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                     intermediate_size=32, max_position_embeddings=16, num_labels=2)
    model = transformers.BertForSequenceClassification(config)
    g = torch.Generator().manual_seed(0)
    rows = [{"input_ids": torch.randint(0, 40, (8,), generator=g), "labels": torch.tensor(i % 2)} for i in range(64)]
    args = transformers.TrainingArguments(output_dir=str(tmp_path / "out"), max_steps=12, per_device_train_batch_size=8, learning_rate=lr,
                                          logging_steps=1, report_to=[], save_strategy="no", use_cpu=True, disable_tqdm=True)
    callback = LosshelpTrainerCallback(log_dir=str(tmp_path / "run"), print_summary=False)
    transformers.Trainer(model=model, args=args, train_dataset=rows, callbacks=[callback]).train()
    return read_run(tmp_path / "run")


def test_hf_callback_finds_a_zero_learning_rate(tmp_path):
    record = _hf_run(tmp_path, lr=0.0)
    assert record.facts["lr_collapsed"] == "yes"


def test_hf_callback_healthy_twin_is_quiet(tmp_path):
    record = _hf_run(tmp_path, lr=1e-3)
    assert record.alerts == [] and record.facts["lr_collapsed"] == "no" and record.steps == 12
