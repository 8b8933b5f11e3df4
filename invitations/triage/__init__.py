"""Triage of incoming invitations (tip 3): reply first, accept only after they answer.

rules: the state changes, one function each; forms and views: the queue and its cards."""
