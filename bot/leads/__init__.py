"""Leads: the visitor's contact request, stored first, then delivered to the sales team.

`contact` reads and checks contact details, `store` keeps leads in SQL (SQLAlchemy Core),
`email` and `webhook` notify, `delivery` sends each pending lead exactly once, and
`office_hours` decides what the assistant may promise. `settings` reads the environment.
"""
