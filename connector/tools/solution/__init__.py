"""The custom connector as an importable Power Platform solution (`python -m connector solution`).

`layout` states the zip's format once; `build` writes it from the same generators as the paconn
files; `read` reads a zip back and checks it (`python -m connector lint x.zip`).
"""
