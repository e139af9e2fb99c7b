"""The residents' status page (`nat-station web`): read-only, server-rendered, pushed by SSE.

`web -> station` only: it is handed each site's board to read and a cheap "did the line
change?" check (app wires them from db), and never sees the database or a ticket's person.
"""
