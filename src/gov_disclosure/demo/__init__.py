"""``gov-disclosure demo``: a realistic township (示例镇) published to every built-in channel."""

from .runner import run_demo

__all__ = ["run_demo"]
