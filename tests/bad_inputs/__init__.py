"""The bad-input corpus: a valid tiny dataset and model, and one corruption per case."""
