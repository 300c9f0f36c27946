"""Scripts that draw, report, lock and measure; run each as ``python tools/<name>.py``."""
