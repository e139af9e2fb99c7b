"""After the table: transport boxes, lab results, positive-pool recalls, manifests, look-up."""
