"""Training the learned parts (needs the `train` extra): synthetic pages, labelled candidates, fitting."""
