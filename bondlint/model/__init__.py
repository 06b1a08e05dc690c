"""The host model: bonds and ports with config, effective values and runtime side by side."""
