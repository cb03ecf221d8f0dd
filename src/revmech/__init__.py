"""revmech: the platform for the Mechanism for the Review of Implementation of UNTOC and its Protocols."""

__version__ = "0.1.0"
