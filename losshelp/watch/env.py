"""The environment variables through which `losshelp run` configures the watcher in its child
(torch-free, so the parent process never imports torch)."""

ENV_DIR = "LOSSHELP_WATCH_DIR"
ENV_EVERY = "LOSSHELP_WATCH_EVERY"
ENV_LANG = "LOSSHELP_WATCH_LANG"
