"""The weekly review digest, one job per module: `due` (who is due, and the claim),
`contents` (what a digest says, for one member or a batch), `sending` (delivery, retries
and recovery after a stopped sender), `handed_off` (the mark made before the final dot)
and `on_demand` (a member's preview, sent now). README, "The weekly review and its
digest", tells the whole story."""
