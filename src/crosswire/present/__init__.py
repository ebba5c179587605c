"""Present: terminal summary and exports."""
