"""ree_opt: an open optimisation model of the global rare-earth magnet supply chain."""

__version__ = "0.1.0"
