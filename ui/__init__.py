"""Qt windows and widgets: the recorder table and the pages features add to it."""
