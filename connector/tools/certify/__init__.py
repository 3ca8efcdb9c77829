"""The certification submission (`python -m connector certify`) and its offline check (`lint --certification`).

`options` says what a submission is built from and refuses placeholders; `documents` writes
readme.md and intro.md from the code's own facts; `flow` builds the flow solution the portal asks
for; `build` writes the repository folder and the portal package; `rules` checks them against every
rule Microsoft publishes that can be checked offline, each citing its source.
"""
