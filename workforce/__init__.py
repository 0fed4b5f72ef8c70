"""WPQ host package: the app factory, configuration, the shared kernel and the workforce features."""
