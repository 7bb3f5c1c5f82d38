"""The ``newssearcher`` command line."""
