"""Local-first forwarding (issue 13): the station's outbox, the forwarder, the site server."""
