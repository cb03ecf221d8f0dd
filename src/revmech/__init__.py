"""revmech: the platform of the Review Mechanism of UNTOC and its Protocols."""

__version__ = "0.1.0"
