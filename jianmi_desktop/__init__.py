"""Jianmi Desktop (茧米桌面): a desktop program for the Jianmi cloud communications platform."""

__version__ = "0.1.0"
