"""Pages of the reading room: the public catalogue, the viewer, citizens' requests, the staff queue."""
