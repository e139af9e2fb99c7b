"""NAT Station domain: identities, scans, tubes and pooling, and the recording use case."""
