"""The lab's pages: boxes, results, recall, and the manifest PDF."""
