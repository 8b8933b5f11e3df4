"""Composing invitations (tips 1 and 2): one deliberate, personal invitation at a time.

services: drafts, sending, caps and follow-up; forms and views: the composer and the
list of sent invitations. The personalization check itself is invitations.personalization."""
