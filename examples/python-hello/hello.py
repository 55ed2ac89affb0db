"""Greets whoever NAME says."""
import os

print(f"Hello, {os.environ.get('NAME', 'World')}!")
