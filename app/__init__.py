"""The composition root: wires db into station and ui; the `nat-station` command."""
